// Run and recovery progress for subscriptions. One hub per `upstreamFor` instance (the web app
// keeps one per process), so all requests of a process share the poll loops; the loop key names
// the upstream connection (and the group for runs), never the subscriber.
import type { OperationResult } from "@lifeboat/contracts";
import type { CallOptions } from "@lifeboat/upstream";
import type { UpstreamClient, UpstreamFor } from "../upstream/upstream-for.ts";
import { toTRPCError, upstreamRequestIdOf } from "../errors.ts";
import { withRecoveryView, withRunView } from "../services/views.ts";
import { createPollHub, type PollHub } from "./poll-hub.ts";

/** "Within a couple of seconds of the upstream showing them". */
export const LIVE_POLL_INTERVAL_MS = 2_000;
const POLL_TIMEOUT_MS = 10_000;
/** Runs of the last day, newest 20: what a group page shows live. */
const RUN_WINDOW_MS = 24 * 60 * 60 * 1000;
const RECENT_RUNS = 20;

type Run = NonNullable<OperationResult<"getProtectionGroupRuns">["runs"]>[number];
type Recovery = NonNullable<OperationResult<"getRecoveries">["recoveries"]>[number];
export type LiveRuns = ReturnType<typeof withRunView<Run>>[];
export type LiveRecoveries = ReturnType<typeof withRecoveryView<Recovery>>[];

export interface LiveHubs {
  runs: PollHub<LiveRuns>;
  recoveries: PollHub<LiveRecoveries>;
}

const hubs = new WeakMap<UpstreamFor, LiveHubs>();

/** The hubs shared by every context built over the same `upstreamFor`. */
export function liveHubsFor(upstreamFor: UpstreamFor): LiveHubs {
  let found = hubs.get(upstreamFor);
  if (!found) {
    // Runs and recoveries carry a moving duration; compare what the upstream said, not our clock.
    found = {
      runs: createPollHub<LiveRuns>({ intervalMs: LIVE_POLL_INTERVAL_MS, fingerprint: (runs) => JSON.stringify(runs.map(({ view: _v, ...r }) => r)) }),
      recoveries: createPollHub<LiveRecoveries>({
        intervalMs: LIVE_POLL_INTERVAL_MS,
        fingerprint: (recoveries) => JSON.stringify(recoveries.map(({ view: _v, ...r }) => r)),
      }),
    };
    hubs.set(upstreamFor, found);
  }
  return found;
}

const pollOptions = (): CallOptions => ({ timeoutMs: POLL_TIMEOUT_MS });

export async function pollGroupRuns(upstream: UpstreamClient, groupId: string): Promise<LiveRuns> {
  const now = Date.now();
  const response = await upstream.getProtectionGroupRuns(
    // §Q 23: without startTimeUsecs only the last hour is searched. Object details carry each
    // object's status (and a Lifeboat engine's per-object progress), which the run's progress reads.
    { pathParams: { id: groupId }, query: { startTimeUsecs: (now - RUN_WINDOW_MS) * 1000, numRuns: RECENT_RUNS, includeObjectDetails: true } },
    pollOptions(),
  );
  return (response.runs ?? []).map((run) => withRunView(run, now));
}

export async function pollRecoveries(upstream: UpstreamClient): Promise<LiveRecoveries> {
  const now = Date.now();
  const response = await upstream.getRecoveries({ query: { startTimeUsecs: (now - RUN_WINDOW_MS) * 1000 } }, pollOptions());
  return (response.recoveries ?? []).map((recovery) => withRecoveryView(recovery, now));
}

/** A failed poll as subscribers see it: the same code and safe message as a failed query. */
export function liveError(error: unknown): { code: string; message: string; upstreamRequestId: string | null } {
  const mapped = toTRPCError(error);
  const safe = mapped.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : mapped.message;
  return { code: mapped.code, message: safe, upstreamRequestId: upstreamRequestIdOf(mapped) };
}
