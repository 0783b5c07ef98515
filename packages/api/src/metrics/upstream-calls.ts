// Latency and failures of every call the portal makes to an upstream (IBM Cloud or the engine),
// observed in this process by wrapping the upstream client's fetch (upstream/upstream-for.ts).
import { CALL_DURATION_BUCKETS_SECONDS, Counter, Histogram, Registry } from "@lifeboat/metrics";

/** This process's registry of call metrics (merged into /api/metrics with the stored figures). */
export const upstreamCallRegistry = new Registry();

const duration = new Histogram({
  name: "lifeboat_upstream_request_duration_seconds",
  help: "Duration of the portal's HTTP calls to an upstream, by upstream connection, method and status (error: no answer)",
  labelNames: ["upstream", "method", "status"] as const,
  buckets: CALL_DURATION_BUCKETS_SECONDS,
  registers: [upstreamCallRegistry],
});

const errors = new Counter({
  name: "lifeboat_upstream_request_errors_total",
  help: "Failed upstream calls by upstream connection and reason (timeout, network, http_<status> for 429 and 5xx)",
  labelNames: ["upstream", "reason"] as const,
  registers: [upstreamCallRegistry],
});

/**
 * `inner` (looked up per call, globalThis.fetch by default) with each call timed and its failure
 * counted under the upstream connection's name.
 */
export function observedFetch(inner: typeof fetch | undefined, upstream: string): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const end = duration.startTimer({ upstream, method });
    try {
      const res = await (inner ?? globalThis.fetch)(input, init);
      end({ status: String(res.status) });
      if (res.status === 429 || res.status >= 500) errors.inc({ upstream, reason: `http_${res.status}` });
      return res;
    } catch (error) {
      end({ status: "error" });
      const name = error instanceof Error ? error.name : "";
      errors.inc({ upstream, reason: name === "TimeoutError" || name === "AbortError" ? "timeout" : "network" });
      throw error;
    }
  };
}
