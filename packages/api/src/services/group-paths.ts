// The save-time check of a protection group's paths (issue 12 item 5): each included path is
// looked up on its host through the agent, as the folder picker does (the engine's browse
// extension). A path that does not exist or cannot be read is a warning returned with the saved
// group — never a block: the folder may be created later, and a host that is offline cannot
// answer (one warning for that host, its paths unchecked). An upstream without the browse
// extension is not checked at all.
import type { ProtectionGroupRequest } from "@lifeboat/contracts";
import { isUpstreamError, type CallOptions, type UpstreamClient } from "@lifeboat/upstream";
import { z } from "zod";

export const PathWarningSchema = z.object({
  /** The host (source object) id. */
  sourceId: z.number(),
  /** The included path, or null for a warning about the whole host (offline). */
  path: z.string().nullable(),
  message: z.string(),
});
export type PathWarning = z.infer<typeof PathWarningSchema>;

/** At most this many paths are checked per save (a picker-made group has a handful). */
const MAX_CHECKED_PATHS = 50;
/** A whole check's deadline: the save must not wait long on a slow agent. */
const CHECK_TIMEOUT_MS = 12_000;

/** The agent's answer for an existing file: browse lists directories only. */
const EXISTS_AS_FILE = /^not a directory: /;

export async function checkGroupPaths(
  upstream: Pick<UpstreamClient, "lifeboat">,
  group: ProtectionGroupRequest,
  call: CallOptions,
): Promise<PathWarning[]> {
  const objects = group.physicalParams?.fileProtectionTypeParams?.objects ?? [];
  const signal = AbortSignal.any([AbortSignal.timeout(CHECK_TIMEOUT_MS), ...(call.signal ? [call.signal] : [])]);
  let budget = MAX_CHECKED_PATHS;
  let unsupported = false;
  const perHost = await Promise.all(
    objects.map(async (object): Promise<PathWarning[]> => {
      const sourceId = Number(object.id);
      const warnings: PathWarning[] = [];
      for (const { includedPath: path } of object.filePaths ?? []) {
        if (unsupported || budget <= 0) break;
        budget -= 1;
        try {
          await upstream.lifeboat.browse({ sourceId, path }, { signal, timeoutMs: CHECK_TIMEOUT_MS });
        } catch (error) {
          if (!isUpstreamError(error)) {
            warnings.push({ sourceId, path, message: `${path} could not be checked (${signal.aborted ? "the host's agent did not answer in time" : "the check failed"}); it is checked again at the next backup` });
            if (signal.aborted) break;
            continue;
          }
          if (error.code === "NotSupported") {
            unsupported = true;
            break;
          }
          if (error.status === 400 && EXISTS_AS_FILE.test(error.message)) continue;
          if (error.status === 400) {
            warnings.push({ sourceId, path, message: error.message });
            continue;
          }
          if (error.status === 503) {
            // Offline (or no agent): the host's other paths cannot be checked either.
            warnings.push({ sourceId, path: null, message: `paths not checked: ${error.message}` });
            break;
          }
          warnings.push({ sourceId, path, message: `${path} could not be checked (${error.message}); it is checked again at the next backup` });
        }
      }
      return warnings;
    }),
  );
  return unsupported ? [] : perHost.flat();
}
