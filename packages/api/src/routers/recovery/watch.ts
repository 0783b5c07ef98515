// `recovery.watch`: recent recoveries of the workspace's upstream (optionally only `ids`) pushed over
// SSE when the upstream shows a change. One poll loop per upstream connection, shared by all
// subscribers; each subscriber's `ids` filter is applied to the shared snapshot.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { whileAllowed } from "../../live/access-recheck.ts";
import { liveError, liveHubsFor, pollRecoveries } from "../../live/live-updates.ts";
import { areaProcedure } from "../../services/area-procedure.ts";
import { RecoveryIdSchema } from "../../services/ids.ts";

export const watch = areaProcedure("recovery.watch")
  .input(z.object({ ids: z.array(RecoveryIdSchema).max(100).optional() }).optional())
  .subscription(async function* ({ ctx, input, signal }) {
    const hub = liveHubsFor(ctx.upstreamFor).recoveries;
    const upstream = ctx.upstream;
    const wanted = input?.ids?.length ? new Set(input.ids) : null;
    let seq = 0;
    let lastSent: string | null = null;
    // Ends with FORBIDDEN/UNAUTHORIZED when the caller loses access while watching (access-recheck.ts).
    const events = whileAllowed(ctx, "recovery.watch", signal, (stop) => hub.subscribe(`${ctx.workspace.connectionId}`, () => pollRecoveries(upstream), stop));
    for await (const event of events) {
      if (event.type === "error") {
        // Kept open on a failed poll (see run watch); the next good poll resumes the feed.
        lastSent = null;
        yield tracked(String(++seq), { recoveries: null, error: liveError(event.error), at: new Date() });
        continue;
      }
      const recoveries = wanted ? event.value.filter((r) => r.id !== undefined && wanted.has(r.id)) : event.value;
      // A change elsewhere need not concern this subscriber's ids.
      const fingerprint = JSON.stringify(recoveries.map(({ view: _v, ...r }) => r));
      if (fingerprint === lastSent) continue;
      lastSent = fingerprint;
      yield tracked(String(++seq), { recoveries, error: null, at: new Date() });
    }
  });
