// `protectionGroup.run.watch`: the group's recent runs (with duration, progress, ETA) pushed over
// SSE whenever the upstream shows a change. All subscribers of one group on one upstream
// connection share one poll loop (live/poll-hub.ts).
import { tracked } from "@trpc/server";
import { z } from "zod";
import { toTRPCError } from "../../../errors.ts";
import { liveHubsFor, pollGroupRuns } from "../../../live/live-updates.ts";
import { areaProcedure } from "../../../services/area-procedure.ts";
import { GroupIdSchema } from "../../../services/ids.ts";

export const watch = areaProcedure("protectionGroup.run.watch")
  .input(z.object({ groupId: GroupIdSchema }))
  .subscription(async function* ({ ctx, input, signal }) {
    const hub = liveHubsFor(ctx.upstreamFor).runs;
    const upstream = ctx.upstream;
    const key = `${ctx.workspace.connectionId}|${input.groupId}`;
    let seq = 0;
    for await (const event of hub.subscribe(key, () => pollGroupRuns(upstream, input.groupId), signal)) {
      if (event.type === "error") {
        // A failing upstream ends the stream with the usual mapped error; the client reconnects.
        throw toTRPCError(event.error);
      }
      yield tracked(String(++seq), { groupId: input.groupId, runs: event.value, at: new Date() });
    }
  });
