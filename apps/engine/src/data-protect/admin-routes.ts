// Engine routes outside /v2 (Lifeboat extensions), authenticated exactly like /v2 (IAM bearer token
// + X-IBM-Tenant-Id): the tenant's storage target, a file's versions, browsing a host's folders,
// cancelling a recovery.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { formatZodIssues } from "@lifeboat/contracts";
import { authenticate } from "../auth/bearer.ts";
import { conflict, invalid } from "../errors.ts";
import { browseHost } from "../services/host-browse.ts";
import type { DataProtect } from "./context.ts";
import { fileVersions } from "./index/search.ts";
import type { recoveryHandlers } from "./recoveries/recovery-handlers.ts";
import { describeTarget, RepositoryConfigSchema, setTenantRepository, tenantRepository } from "./storage/storage-targets.ts";
import { controlTask, TERMINAL } from "./tasks/dispatch.ts";

export const LIFEBOAT_API_PREFIX = "/lifeboat/v1";

const StorageTargetBodySchema = z.strictObject({
  repository: RepositoryConfigSchema,
  /** restic repository password; omitted → a random one is generated. */
  password: z.string().min(8).max(1024).optional(),
});

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(formatZodIssues(r.error, where));
  return r.data;
}

export function registerAdminRoutes(app: FastifyInstance, dp: DataProtect, recoveries: ReturnType<typeof recoveryHandlers>): void {
  const P = LIFEBOAT_API_PREFIX;
  const caller = (req: Parameters<typeof authenticate>[0]) => authenticate(req, dp.db, dp.cluster.tokenSecret);

  app.get(`${P}/storage-target`, async (req) => {
    const { tenantId } = await caller(req);
    return describeTarget(await tenantRepository(dp, tenantId));
  });

  app.put(`${P}/storage-target`, async (req) => {
    const { tenantId } = await caller(req);
    const body = parse(StorageTargetBodySchema, req.body, "body");
    const snapshots = await dp.db.snapshot.count({ where: { forgottenAt: null, run: { group: { tenantId } } } });
    // Snapshots live in the current repository: moving the tenant would orphan them.
    if (snapshots > 0) throw conflict(`the tenant has ${snapshots} snapshot(s) in its current repository; the storage target can change only before the first backup`);
    const { randomBytes } = await import("node:crypto");
    await setTenantRepository(dp, tenantId, { config: body.repository, password: body.password ?? randomBytes(32).toString("base64url") });
    return describeTarget(await tenantRepository(dp, tenantId));
  });

  app.get(`${P}/file-versions`, async (req) => {
    const { tenantId } = await caller(req);
    const q = parse(z.strictObject({ objectId: z.string().regex(/^\d{1,18}$/, "objectId must be an object id"), path: z.string().min(1).max(4096) }), req.query, "query");
    return { versions: await fileVersions(dp, tenantId, BigInt(q.objectId), q.path) };
  });

  // One folder of a registered host, listed live by its agent (services/host-browse.ts).
  app.get<{ Params: { sourceId: string } }>(`${P}/sources/:sourceId/browse`, async (req) => {
    const { tenantId } = await caller(req);
    const q = parse(z.strictObject({ path: z.string().max(4096).default("/") }), req.query, "query");
    const deps = { db: dp.db, notifyAgent: dp.notifier.notify, agentOfflineSecs: dp.agentOfflineSecs, timeoutSecs: dp.browseTimeoutSecs };
    return browseHost(deps, tenantId, req.params.sourceId, q.path);
  });

  // CancelRecoveryByID of the SDK (reference §X), at its upstream path.
  app.post<{ Params: { id: string } }>(`/v2/data-protect/recoveries/:id/cancel`, async (req, reply) => {
    const { tenantId } = await caller(req);
    const recovery = await recoveries.findRecovery(tenantId, req.params.id);
    const task = recovery.taskId === null ? null : await dp.db.dataTask.findUnique({ where: { id: recovery.taskId } });
    if (!task || TERMINAL.includes(task.status)) throw conflict(`recovery ${req.params.id} is not running (${recovery.status})`);
    if (task.status === "Pending") {
      await dp.db.dataTask.update({ where: { id: task.id }, data: { status: "Canceled", endedAt: new Date() } });
      await dp.db.recovery.update({ where: { seq: recovery.seq }, data: { status: "Canceled" } });
    } else {
      await controlTask(dp, task, "cancel");
      await dp.db.recovery.update({ where: { seq: recovery.seq }, data: { status: "Canceling" } });
    }
    return reply.code(204).send();
  });
}
