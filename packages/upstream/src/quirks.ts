// Helpers for upstream quirks that one HTTP call cannot hide (reference §Q 3 and §Q 9).
import { UpstreamError } from "./errors.ts";
import type { RawCall } from "./pagination.ts";
import { nowUsecs, runTimeUsecs } from "./pagination.ts";
import { sleep } from "./retry.ts";
import type { CallOptions } from "./types.ts";

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (typeof value === "object" && value !== null ? (value as Obj) : {});
const runsOf = (response: unknown): Obj[] => {
  const runs = asObj(response).runs;
  return Array.isArray(runs) ? runs.map(asObj) : [];
};

/**
 * §Q 9: there is no GET for one data-source connection; filter the list with `connectionIds` and
 * turn "not in the list" into the 404 a real endpoint would give.
 */
export async function getDataSourceConnection(list: RawCall, connectionId: string, options?: CallOptions): Promise<unknown> {
  const response = asObj(await list({ query: { connectionIds: [connectionId] } }, options));
  const connections = Array.isArray(response.connections) ? response.connections.map(asObj) : [];
  const found = connections.find((connection) => String(connection.connectionId) === connectionId);
  if (!found) {
    throw new UpstreamError({
      status: 404,
      code: "NotFound",
      message: `data-source connection ${connectionId} does not exist`,
      operation: "getDataSourceConnection",
    });
  }
  return found;
}

export interface RunAndWaitOptions {
  /** How long to wait for the run to appear (default 60 s). */
  timeoutMs?: number | undefined;
  /** Pause between polls (default 1 s). */
  pollIntervalMs?: number | undefined;
  /** Tolerated clock difference between us and the service (default 5 min). */
  clockSkewMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const RECENT_RUNS = 20;

/**
 * §Q 3: CreateProtectionGroupRun answers 202 with only `{protectionGroupId}`. We note the runs that
 * already exist, create the run, then poll runs newest-first until one appears that is new and
 * started after the call (less the clock skew allowance — our clock is not the service's).
 */
export async function createProtectionGroupRunAndWait(
  calls: { create: RawCall; listRuns: RawCall },
  groupId: string,
  body: unknown,
  options: RunAndWaitOptions = {},
): Promise<Obj> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const skewUsecs = (options.clockSkewMs ?? 300_000) * 1000;
  const deadline = Date.now() + timeoutMs;
  const callOptions: CallOptions = { signal: options.signal };
  const since = nowUsecs() - skewUsecs;
  const recent = async () =>
    runsOf(
      await calls.listRuns({ pathParams: { id: groupId }, query: { startTimeUsecs: since, numRuns: RECENT_RUNS } }, callOptions),
    ).sort((a, b) => (runTimeUsecs(b, false) ?? 0) - (runTimeUsecs(a, false) ?? 0));

  const existing = new Set((await recent()).map((run) => String(run.id)));
  await calls.create({ pathParams: { id: groupId }, body }, callOptions);
  for (;;) {
    const fresh = (await recent()).find(
      (run) => !existing.has(String(run.id)) && (runTimeUsecs(run, false) ?? Number.POSITIVE_INFINITY) >= since,
    );
    if (fresh) return fresh;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new UpstreamError({
        status: 504,
        code: "Timeout",
        message: `the run created for protection group ${groupId} did not appear within ${timeoutMs} ms`,
        operation: "createProtectionGroupRunAndWait",
      });
    }
    await sleep(Math.min(pollIntervalMs, remaining), options.signal);
  }
}
