// Browsing one folder of a registered host (GET /lifeboat/v1/sources/{sourceId}/browse?path=), for
// the portal's include/exclude path picker. Not one of the 51 upstream operations: a Lifeboat
// extension. The engine queues a `listDirectory` command for the agent serving the host (an
// AgentCommand row, so whichever engine process holds the agent's long poll delivers it), wakes
// that poll, and waits for the agent's answer with a deadline.
//
// Several engine processes may share one database and the agent may post its result to any of
// them (POST /agent/v1/commands/{id}/result stores it on the row). So the waiting process does not
// rely on an in-memory hand-off: it re-reads the command row every BROWSE_POLL_MS until the result
// is there (a few cheap primary-key reads over at most ENGINE_BROWSE_TIMEOUT_SECS). The row is
// deleted once read, or when the wait gives up, so browsing leaves no listings behind.
import { ListDirectoryResultSchema, type ListDirectoryResult } from "@lifeboat/agent-protocol";
import type { EngineDb } from "../../db.ts";
import { EngineError, invalid, invalidField, notFound } from "../../errors.ts";
import { parseInt64 } from "../../ids.ts";
import { isConnected } from "../connectors/handlers.ts";

export const BROWSE_POLL_MS = 200;

export interface BrowseDeps {
  db: EngineDb;
  /** Wakes the long poll of the agent (in this process; others see the row within a second). */
  notifyAgent(connectorId: bigint): void;
  agentOfflineSecs: number;
  timeoutSecs: number;
}

/** Why `p` is not an absolute, normalised host path, or null (the agent checks again). */
export function browsePathProblem(p: string): string | null {
  if (p.length === 0) return "path: must not be empty";
  if (p.length > 4096) return "path: at most 4096 characters";
  if (!p.startsWith("/")) return `path: must be absolute (start with /): ${JSON.stringify(p.slice(0, 200))}`;
  if (p.includes("\0")) return "path: must not contain a NUL character";
  const segments = p.split("/").slice(1);
  if (segments.includes("..")) return `path: must not contain "..": ${JSON.stringify(p.slice(0, 200))}`;
  if (p !== "/" && segments.slice(0, p.endsWith("/") ? -1 : undefined).some((s) => s === "" || s === ".")) {
    return `path: must be normalised (no "." segments or repeated "/"): ${JSON.stringify(p.slice(0, 200))}`;
  }
  return null;
}

const offline = (host: string, since: Date) =>
  new EngineError("ServiceUnavailable", `the agent on host ${host} is offline (no heartbeat since ${since.toISOString()}); start it and try again`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function browseHost(deps: BrowseDeps, tenantId: string, sourceId: string, path: string): Promise<ListDirectoryResult> {
  const id = parseInt64(sourceId);
  if (id === null) throw invalidField(`sourceId`, `${JSON.stringify(sourceId.slice(0, 40))} is not a source id`, "path");
  const problem = browsePathProblem(path);
  if (problem) throw invalid(problem);
  // Any object of the registration (the host or one of its volumes) names its host.
  const object = await deps.db.sourceObject.findFirst({ where: { id, tenantId }, include: { registration: true } });
  if (!object) throw notFound("source", sourceId);
  const host = object.registration.name;
  const connectorId = object.registration.connectorId;
  const connector = connectorId === null ? null : await deps.db.connector.findUnique({ where: { id: connectorId } });
  if (!connector) throw new EngineError("ServiceUnavailable", `no agent serves host ${host} (its connector was deleted); reinstall the agent on the host`);
  if (!isConnected(connector, deps.agentOfflineSecs)) throw offline(host, connector.lastHeartbeatAt);

  const command = await deps.db.agentCommand.create({ data: { connectorId: connector.id, type: "listDirectory", payload: { path } } });
  deps.notifyAgent(connector.id);
  const deadline = Date.now() + deps.timeoutSecs * 1000;
  try {
    for (;;) {
      await sleep(BROWSE_POLL_MS);
      const row = await deps.db.agentCommand.findUnique({ where: { id: command.id }, select: { status: true, result: true } });
      if (!row) throw new EngineError("ServiceUnavailable", `the folder listing of host ${host} was withdrawn before the agent answered; try again`);
      if (row.status === "Succeeded" || row.status === "Failed") {
        const result = (row.result ?? {}) as { message?: string | null; data?: unknown };
        if (row.status === "Failed") throw invalid(result.message ?? `the agent on host ${host} could not list ${path}`);
        const listing = ListDirectoryResultSchema.safeParse(result.data);
        if (!listing.success) throw new Error(`the agent on host ${host} answered the listing of ${path} with an unreadable result`);
        return listing.data;
      }
      if (Date.now() >= deadline) {
        const now = await deps.db.connector.findUnique({ where: { id: connector.id } });
        if (!now || !isConnected(now, deps.agentOfflineSecs)) throw offline(host, now?.lastHeartbeatAt ?? connector.lastHeartbeatAt);
        throw new EngineError(
          "ServiceUnavailable",
          `the agent on host ${host} did not list ${path} within ${deps.timeoutSecs} s (${row.status === "Pending" ? "it has not picked the request up" : "it is busy or the folder is slow to read"}); try again`,
        );
      }
    }
  } finally {
    await deps.db.agentCommand.deleteMany({ where: { id: command.id } });
  }
}
