// `protectionGroup.run.watch`: the group's recent runs (with duration, progress, ETA) pushed over
// SSE whenever the upstream shows a change. All subscribers of one group on one upstream
// connection share one poll loop (live/poll-hub.ts).
import { tracked } from "@trpc/server";
import { z } from "zod";
import { whileAllowed } from "../../../live/access-recheck.ts";
import { liveError, liveHubsFor, pollGroupRuns } from "../../../live/live-updates.ts";
import { areaProcedure } from "../../../services/area-procedure.ts";
import { GroupIdSchema } from "../../../services/ids.ts";

export const watch = areaProcedure("protectionGroup.run.watch")
  .input(z.object({ groupId: GroupIdSchema }))
  .subscription(async function* ({ ctx, input, signal }) {
    const hub = liveHubsFor(ctx.upstreamFor).runs;
    const upstream = ctx.upstream;
    const key = `${ctx.workspace.connectionId}|${input.groupId}`;
    let seq = 0;
    // Ends with FORBIDDEN/UNAUTHORIZED when the caller loses access while watching (access-recheck.ts).
    const events = whileAllowed(ctx, "protectionGroup.run.watch", signal, (stop) => hub.subscribe(key, () => pollGroupRuns(upstream, input.groupId), stop));
    for await (const event of events) {
      // A failed poll does not end the stream: subscribers see the mapped error (the page keeps
      // the last runs and shows it) and the shared loop carries on polling.
      if (event.type === "error") yield tracked(String(++seq), { groupId: input.groupId, runs: null, error: liveError(event.error), at: new Date() });
      else yield tracked(String(++seq), { groupId: input.groupId, runs: event.value, error: null, at: new Date() });
    }
  });
