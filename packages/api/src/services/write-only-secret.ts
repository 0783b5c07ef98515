// The write-only rule for stored secrets — upstream API keys, an alert channel's URL, webhook secret
// or SMTP password: a secret goes in, is sealed with LIFEBOAT_SECRET and never comes out, and it is
// only ever sent to the destination it was entered with. Changing where it goes (service URL, token
// URL, webhook URL, SMTP host, port, user) without entering it again is refused with a field error
// on the secret's own field, so an edit cannot redirect a stored secret to a listener of the
// editor's choosing and the form can say which field to fill in.
// (OIDC client secrets are not stored: OIDC_ISSUER and OIDC_CLIENT_SECRET come from one environment.)
import { TRPCError } from "@trpc/server";

export interface SecretUpdate {
  /** What to store now: undefined = none. */
  value: string | undefined;
}

export interface SecretDestination {
  /** The secret's input field, as the form names it: "apiKey", "secret", "smtp.password". */
  path: string;
  /** How people call it: "API key", "webhook secret". */
  field: string;
  /** What changed: "service URL or IAM token URL". */
  destination: string;
}

/**
 * The cause of a BAD_REQUEST that names its fields: errors.ts reads `issues` (zod's shape) into
 * `data.fieldErrors`. A real Error, as tRPC keeps only those as a cause (a zod 4 ZodError is not one).
 */
export class FieldIssuesError extends Error {
  constructor(readonly issues: { path: string[]; message: string }[]) {
    super(issues.map((i) => i.message).join("; "));
    this.name = "FieldIssuesError";
  }
}

/** BAD_REQUEST whose field error sits on the secret's field. */
export function secretRequiredError(d: SecretDestination): TRPCError {
  const message = `Enter the ${d.field} again: the ${d.destination} changed, and a stored ${d.field} is only used with the ${d.destination} it was entered with`;
  return new TRPCError({ code: "BAD_REQUEST", message, cause: new FieldIssuesError([{ path: d.path.split("."), message }]) });
}

/**
 * Refuses an update that sends a stored secret somewhere new without the secret being given again.
 * `given`: the secret in this update (undefined = not given).
 */
export function requireSecretForNewDestination(d: SecretDestination & { hasStored: boolean; given: string | null | undefined; destinationChanged: boolean }): void {
  if (d.given === undefined && d.hasStored && d.destinationChanged) throw secretRequiredError(d);
}

/**
 * Decides the secret after an update. `given`: undefined keeps the stored one, null removes it, a
 * string replaces it. `destinationChanged`: the update sends it somewhere else than before.
 */
export function nextSecret(opts: SecretDestination & { stored: string | undefined; given: string | null | undefined; destinationChanged: boolean }): SecretUpdate {
  const { stored, given } = opts;
  if (given === null) return { value: undefined };
  if (given !== undefined) return { value: given };
  requireSecretForNewDestination({ ...opts, hasStored: stored !== undefined });
  return { value: stored };
}
