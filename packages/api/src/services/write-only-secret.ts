// The write-only rule for stored secrets (an alert channel's webhook secret or SMTP password; the
// same rule as upstream API keys): a secret goes in, is sealed with LIFEBOAT_SECRET and never comes
// out, and it is only ever used against the destination it was entered with. Changing where it goes
// (URL, host, port, user) without entering it again is refused, so an edit cannot redirect a stored
// secret to a listener of the editor's choosing.
import { TRPCError } from "@trpc/server";

export interface SecretUpdate {
  /** What to store now: undefined = none. */
  value: string | undefined;
}

/**
 * Decides the secret after an update. `given`: undefined keeps the stored one, null removes it, a
 * string replaces it. `destinationChanged`: the update sends it somewhere else than before.
 */
export function nextSecret(opts: { field: string; stored: string | undefined; given: string | null | undefined; destinationChanged: boolean; destination: string }): SecretUpdate {
  const { field, stored, given, destinationChanged, destination } = opts;
  if (given === null) return { value: undefined };
  if (given !== undefined) return { value: given };
  if (stored !== undefined && destinationChanged) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `Enter the ${field} again: the ${destination} changed, and a stored ${field} is only used with the ${destination} it was entered with`,
    });
  }
  return { value: stored };
}
