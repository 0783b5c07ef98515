// source.browse: one folder of a registered host, listed live by its agent, for the protection
// group form's folder picker. A Lifeboat engine extension (not one of the 43 upstream operations).
// Admin, like the group form it serves: it reveals the live file names of a host (beyond the
// volumes a viewer sees) and is needed only to configure what a group backs up.
import { HostDirectorySchema, isUpstreamError } from "@lifeboat/upstream";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { areaProcedure } from "../../services/area-procedure.ts";
import { Int64IdSchema } from "../../services/ids.ts";
import { restOf } from "../../openapi/meta.ts";

export const BROWSE_NOT_SUPPORTED = "This service does not offer folder browsing; type the paths.";

export const browse = areaProcedure("source.browse")
  .meta(restOf("source")("GET", "/sources/{sourceId}/browse", "List one folder of a registered host through its agent (Lifeboat engine extension)"))
  .input(
    z.object({
      // A plain number schema: the REST door coerces its path digits to it.
      sourceId: Int64IdSchema.describe("the host (source object) id"),
      path: z.string().min(1).max(4096).startsWith("/", "path must be an absolute path").default("/"),
    }),
  )
  .output(HostDirectorySchema)
  .query(async ({ ctx, input }) => {
    try {
      return await ctx.upstream.lifeboat.browse(input, ctx.call);
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      if (error.code === "NotSupported") throw new TRPCError({ code: "NOT_IMPLEMENTED", message: BROWSE_NOT_SUPPORTED });
      // No `cause` on these: toTRPCError re-maps a TRPCError caused by an UpstreamError generically.
      // The engine's own answers name the host or the path (its agent is offline; "permission
      // denied: /root"): Lifeboat's words, no upstream internals, so they reach the user as they are.
      if (error.code === "ServiceUnavailable" && error.status === 503) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message });
      if (error.code === "InvalidRequest" && error.status === 400) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
      throw error;
    }
  });
