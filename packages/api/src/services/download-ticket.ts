// Downloads without holding files in the BFF: a procedure (after its role check) signs a short-lived
// ticket naming exactly one upstream download; apps/web's download route hands the ticket to
// `redeemDownloadTicket`, which re-checks the signature, expiry and the user's role in the
// workspace, then opens the upstream byte stream for the route to pipe to the browser. The upstream
// client reads files in ≤ 8 MiB ranged chunks on demand (reference §Q 6), so memory holds one chunk.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { AgentPlatformSchema, LinuxPackageTypeSchema } from "@lifeboat/contracts";
import { z } from "zod";
import type { Db } from "../db.ts";
import type { ApiLog } from "../log.ts";
import { hasRole, type Role } from "../roles.ts";
import type { UpstreamFor } from "../upstream/upstream-for.ts";
import { writeAuditEvent } from "../audit/write-audit-event.ts";
import { resolveMembership } from "../workspace-access.ts";
import { AREA_ACCESS } from "./area-access.ts";
import { WRITE_TIMEOUT_MS } from "./area-procedure.ts";
import { withUpstreamRequestIds } from "./upstream-request-id.ts";
import { reportStream } from "../alerts/report-stream.ts";

export const DOWNLOAD_TICKET_TTL_MS = 5 * 60 * 1000;
/** The web route that redeems tickets (apps/web serves it). */
export const DOWNLOAD_ROUTE = "/api/download";

const TargetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("recoveryFiles"),
    recoveryId: z.string().max(100),
    query: z.object({ fileType: z.string().max(100).optional(), sourceName: z.string().max(1000).optional(), startTime: z.string().max(100).optional() }),
  }),
  z.object({ kind: z.literal("indexedFile"), snapshotsId: z.string().max(200), filePath: z.string().max(4096) }),
  z.object({ kind: z.literal("agent"), platform: AgentPlatformSchema, packageType: LinuxPackageTypeSchema.optional() }),
  // A CSV report of the workspace, built from the portal's sync tables at download time (alerts/reports.ts).
  z.object({ kind: z.literal("report"), report: z.enum(["protection", "runs"]), startedAfter: z.number().optional(), startedBefore: z.number().optional() }),
]);
export type DownloadTarget = z.infer<typeof TargetSchema>;

const PayloadSchema = z.object({ t: TargetSchema, w: z.string(), u: z.string(), e: z.number(), n: z.string() });

/** The role of the procedure that issued each kind: required again at redemption. */
const ISSUER_ROLE: Record<DownloadTarget["kind"], Role> = {
  recoveryFiles: AREA_ACCESS["recovery.download"],
  indexedFile: AREA_ACCESS["recovery.downloadFile"],
  agent: AREA_ACCESS["agent.download"],
  report: "viewer",
};

function ticketKey(): Buffer {
  const secret = process.env.LIFEBOAT_SECRET;
  if (!secret || secret.length < 32) throw new Error("LIFEBOAT_SECRET must be set (32+ characters) to sign download tickets");
  return Buffer.from(hkdfSync("sha256", secret, "lifeboat", "download-ticket-v1", 32));
}

const sign = (body: string) => createHmac("sha256", ticketKey()).update(body).digest("base64url");

export interface IssuedTicket {
  ticket: string;
  /** Relative URL of the web route; the browser follows it with its session cookie. */
  url: string;
  expiresAt: Date;
  fileName: string;
}

export function fileNameOf(target: DownloadTarget): string {
  if (target.kind === "indexedFile") return target.filePath.split("/").filter(Boolean).at(-1) ?? "file";
  if (target.kind === "recoveryFiles") return `recovery-${target.recoveryId.replaceAll(":", "-")}.zip`;
  if (target.kind === "report") return `${target.report === "runs" ? "run-history" : "protection-report"}.csv`;
  return `lifeboat-agent-${target.platform}${target.packageType ? `.${target.packageType}` : ""}`;
}

function targetIdOf(target: DownloadTarget): string {
  switch (target.kind) {
    case "recoveryFiles":
      return target.recoveryId;
    case "indexedFile":
      return target.snapshotsId;
    case "agent":
      return target.platform;
    case "report":
      return target.report;
  }
}

export function issueDownloadTicket(scope: { userId: string; workspaceId: string }, target: DownloadTarget, now = Date.now()): IssuedTicket {
  const expires = now + DOWNLOAD_TICKET_TTL_MS;
  const body = Buffer.from(
    JSON.stringify({ t: target, w: scope.workspaceId, u: scope.userId, e: expires, n: randomBytes(8).toString("hex") }),
  ).toString("base64url");
  const ticket = `${body}.${sign(body)}`;
  return { ticket, url: `${DOWNLOAD_ROUTE}?ticket=${ticket}`, expiresAt: new Date(expires), fileName: fileNameOf(target) };
}

const refused = (message: string) => new TRPCError({ code: "FORBIDDEN", message });

function verify(ticket: string, now: number): z.infer<typeof PayloadSchema> {
  const [body, signature, extra] = ticket.split(".");
  if (!body || !signature || extra !== undefined || ticket.length > 16_384) throw refused("This download link is not valid");
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused("This download link is not valid");
  const payload = PayloadSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  if (!payload.success) throw refused("This download link is not valid");
  if (payload.data.e <= now) throw refused("This download link has expired; start the download again");
  return payload.data;
}

export interface RedeemDeps {
  db: Db;
  upstreamFor: UpstreamFor;
  log: ApiLog;
  /** The signed-in user presenting the ticket (the web route's session); must be the issuer. */
  sessionUserId: string | null;
  /**
   * Set when the ticket is presented with an API token (then `sessionUserId` is the token's user):
   * the ticket must be for the token's workspace, and the token's role caps the user's role.
   */
  apiToken?: { name: string; workspaceId: string; role: Role } | null;
  clientIp?: string | null;
  now?: number;
}

export interface RedeemedDownload {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  contentType: string;
}

/** Throws TRPCError (FORBIDDEN / UNAUTHORIZED / upstream-mapped) when the download may not start. */
export async function redeemDownloadTicket(deps: RedeemDeps, ticket: string): Promise<RedeemedDownload> {
  const started = performance.now();
  const payload = verify(ticket, deps.now ?? Date.now());
  if (!deps.sessionUserId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  if (deps.sessionUserId !== payload.u) throw refused("This download link belongs to another user");
  if (deps.apiToken && deps.apiToken.workspaceId !== payload.w) {
    throw refused(`This download link belongs to another workspace than API token "${deps.apiToken.name}"`);
  }
  const user = await deps.db.user.findUnique({ where: { id: payload.u }, select: { email: true, disabled: true } });
  if (!user || user.disabled) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session is no longer valid; sign in again" });
  // Roles may have changed since the ticket was issued: check again.
  const membership = await resolveMembership(deps.db, payload.u, payload.w);
  const role = ISSUER_ROLE[payload.t.kind];
  if (!membership || !hasRole(membership.role, role)) throw refused(`Downloading needs the ${role} role in the workspace`);
  if (deps.apiToken && !hasRole(deps.apiToken.role, role)) {
    throw refused(`Downloading needs the ${role} role; API token "${deps.apiToken.name}" has ${deps.apiToken.role}`);
  }
  const target = payload.t;
  let requestId: string | null = null;
  const options = { timeoutMs: WRITE_TIMEOUT_MS };
  const stream =
    target.kind === "report"
      ? await reportStream(deps.db, deps.upstreamFor, membership.workspace, target)
      : await withUpstreamRequestIds(
          (id) => {
            requestId = id;
          },
          async () => {
            const upstream = await deps.upstreamFor(membership.workspace);
            if (target.kind === "recoveryFiles") {
              return upstream.downloadFilesFromRecovery({ pathParams: { id: target.recoveryId }, query: target.query }, options);
            }
            if (target.kind === "indexedFile") {
              return upstream.downloadIndexedFile({ pathParams: { snapshotsId: target.snapshotsId }, query: { filePath: target.filePath } }, options);
            }
            const body = { platform: target.platform, ...(target.packageType ? { linuxParams: { packageType: target.packageType } } : {}) };
            return upstream.downloadAgent({ body }, options);
          },
        );
  await writeAuditEvent(
    deps.db,
    {
      userId: payload.u,
      actor: deps.apiToken ? `${user.email} (API token "${deps.apiToken.name}")` : user.email,
      workspaceId: payload.w,
      procedure: `download.${target.kind}`,
      targetIds: [targetIdOf(target)],
      outcome: "ok",
      errorCode: null,
      upstreamRequestId: requestId,
      durationMs: performance.now() - started,
      clientIp: deps.clientIp ?? null,
    },
    deps.log,
  );
  return { stream, fileName: fileNameOf(target), contentType: target.kind === "report" ? "text/csv; charset=utf-8" : "application/octet-stream" };
}
