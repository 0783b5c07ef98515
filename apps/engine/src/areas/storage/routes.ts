// The tenant's storage target (Lifeboat extension): GET/PUT /lifeboat/v1/storage-target. GET also
// answers how full the file system under a local target is (the portal's storage.full alert).
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { LIFEBOAT_API_PREFIX, parsePart } from "../../http/parse.ts";
import { describeTarget, RepositoryConfigSchema, setTenantRepository, storageUsage, tenantRepository } from "./storage-targets.ts";

const StorageTargetBodySchema = z.strictObject({
  repository: RepositoryConfigSchema,
  /** restic repository password; omitted → a random one is generated. */
  password: z.string().min(8).max(1024).optional(),
});

export function registerStorageRoutes(app: FastifyInstance, engine: EngineContext): void {
  const P = LIFEBOAT_API_PREFIX;
  app.get(`${P}/storage-target`, async (req) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const target = await tenantRepository(engine, tenantId);
    return { ...describeTarget(target), usage: await storageUsage(target.config) };
  });

  app.put(`${P}/storage-target`, async (req) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const body = parsePart(StorageTargetBodySchema, req.body, "body");
    const snapshots = await engine.db.snapshot.count({ where: { forgottenAt: null, run: { group: { tenantId } } } });
    // Snapshots live in the current repository: moving the tenant would orphan them.
    if (snapshots > 0) throw conflict(`the tenant has ${snapshots} snapshot(s) in its current repository; the storage target can change only before the first backup`);
    await setTenantRepository(engine, tenantId, { config: body.repository, password: body.password ?? randomBytes(32).toString("base64url") });
    return describeTarget(await tenantRepository(engine, tenantId));
  });
}
