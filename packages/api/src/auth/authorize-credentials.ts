// Password sign-in for next-auth's Credentials provider (the web app calls this from `authorize`).
// Unknown email, wrong password, disabled user and SSO-only user all answer `null` after the same
// argon2 work, so neither the answer nor its timing tells which accounts exist. A rate-limited
// attempt throws SignInRateLimitedError with the same message for existing and unknown emails.
import { hashPassword, verifyPassword } from "@lifeboat/db";
import { z } from "zod";
import { writeAuditEvent } from "../audit/write-audit-event.ts";
import type { Db } from "../db.ts";
import { silentLog, type ApiLog } from "../log.ts";
import { ThrottledError, type SignInLimiter } from "./sign-in-limiter.ts";

export interface CredentialsInput {
  email: unknown;
  password: unknown;
  clientIp: string | null;
}

export interface AuthorizeDeps {
  db: Db;
  limiter: SignInLimiter;
  log?: ApiLog;
}

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string | null;
  isOps: boolean;
}

export class SignInRateLimitedError extends ThrottledError {
  readonly code = "rate_limited";
  constructor(retryAfterSeconds: number) {
    super("sign-in attempts", retryAfterSeconds);
    this.name = "SignInRateLimitedError";
  }
}

/** Why a sign-in failed, for the audit log only (admins), never for the person signing in. */
type FailureReason = "invalid_input" | "unknown_user" | "no_password" | "disabled" | "wrong_password" | "rate_limited";

const CredentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(200),
});

// A real argon2id hash with the same parameters as stored ones, verified when there is no user
// hash to check, so that the unknown-user path costs what the wrong-password path costs.
let dummyHash: Promise<string> | null = null;
function timingHash(): Promise<string> {
  return (dummyHash ??= hashPassword("lifeboat-timing-equaliser-not-a-password"));
}

export async function authorizeCredentials(input: CredentialsInput, deps: AuthorizeDeps): Promise<AuthorizedUser | null> {
  const started = performance.now();
  const log = deps.log ?? silentLog;
  const audit = (outcome: "ok" | "error", actor: string, userId: string | null, reason: FailureReason | null) =>
    writeAuditEvent(
      deps.db,
      {
        userId,
        actor,
        workspaceId: null,
        procedure: "auth.signIn",
        targetIds: userId ? [userId] : [],
        outcome,
        errorCode: reason,
        upstreamRequestId: null,
        durationMs: performance.now() - started,
        clientIp: input.clientIp,
      },
      log,
    );

  const parsed = CredentialsSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) {
    // Not recorded with what was typed: a password pasted into the email field must not be stored.
    await audit("error", "invalid sign-in input", null, "invalid_input");
    return null;
  }
  const { email, password } = parsed.data;

  const decision = await deps.limiter.consume(email, input.clientIp);
  if (!decision.allowed) {
    await audit("error", email, null, "rate_limited");
    throw new SignInRateLimitedError(decision.retryAfterSeconds);
  }

  const user = await deps.db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, isOps: true, disabled: true, passwordHash: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await timingHash()), password);

  let reason: FailureReason | null = null;
  if (!user) reason = "unknown_user";
  else if (!user.passwordHash) reason = "no_password";
  else if (!passwordOk) reason = "wrong_password";
  else if (user.disabled) reason = "disabled";

  if (reason || !user) {
    await audit("error", email, user?.id ?? null, reason ?? "unknown_user");
    return null;
  }

  await deps.limiter.succeeded(email, input.clientIp);
  await deps.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
  await audit("ok", user.email, user.id, null);
  return { id: user.id, email: user.email, name: user.name, isOps: user.isOps };
}
