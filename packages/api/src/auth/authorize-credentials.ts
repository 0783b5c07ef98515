// Password sign-in for next-auth's Credentials provider (the web app calls this from `authorize`).
// Unknown email, wrong password, disabled user and SSO-only user all answer `null` after the same
// argon2 work, so neither the answer nor its timing tells which accounts exist. A rate-limited
// attempt throws SignInRateLimitedError with the same message for existing and unknown emails.
// A user with two-factor sign-in on gets no session from the password alone: without a code the
// right password throws SecondFactorRequiredError (the form then asks for the code and sends both
// again); the code step is throttled on its own counters and a wrong, replayed or spent code
// throws SecondFactorInvalidError (two-factor.ts).
import { hashPassword, verifyPassword } from "@lifeboat/db";
import { z } from "zod";
import { writeAuditEvent } from "../audit/write-audit-event.ts";
import type { Db } from "../db.ts";
import { silentLog, type ApiLog } from "../log.ts";
import { ThrottledError, type SignInLimiter } from "./sign-in-limiter.ts";
import { secondFactorLimiter, useSecondFactor } from "./two-factor.ts";

export interface CredentialsInput {
  email: unknown;
  password: unknown;
  /** The second factor (TOTP code or recovery code), for users with two-factor sign-in on. */
  code?: unknown;
  clientIp: string | null;
}

export interface AuthorizeDeps {
  db: Db;
  limiter: SignInLimiter;
  /** Limits code guessing; default: secondFactorLimiter(db). */
  secondFactorLimiter?: SignInLimiter;
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

/** The password was right and the account has two-factor sign-in on: a code is needed too. */
export class SecondFactorRequiredError extends Error {
  readonly code = "second_factor_required";
  constructor() {
    super("Enter the code from your authenticator app");
    this.name = "SecondFactorRequiredError";
  }
}

/** The password was right but the code was wrong, already used, or a spent recovery code. */
export class SecondFactorInvalidError extends Error {
  readonly code = "second_factor_invalid";
  constructor() {
    super("The code is not right or was used already");
    this.name = "SecondFactorInvalidError";
  }
}

/** Why a sign-in failed, for the audit log only (admins), never for the person signing in. */
type FailureReason =
  | "invalid_input"
  | "unknown_user"
  | "no_password"
  | "disabled"
  | "wrong_password"
  | "rate_limited"
  | "second_factor_required"
  | "second_factor_rate_limited"
  | "wrong_code"
  | "code_replayed"
  | "recovery_code_used";

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
    select: { id: true, email: true, name: true, isOps: true, disabled: true, passwordHash: true, totpEnabledAt: true },
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

  let usedRecoveryCode = false;
  if (user.totpEnabledAt) {
    const code = typeof input.code === "string" ? input.code.trim().slice(0, 64) : "";
    if (!code) {
      await audit("error", user.email, user.id, "second_factor_required");
      throw new SecondFactorRequiredError();
    }
    const codeLimiter = deps.secondFactorLimiter ?? secondFactorLimiter(deps.db);
    const codeDecision = await codeLimiter.consume(user.id, input.clientIp);
    if (!codeDecision.allowed) {
      await audit("error", user.email, user.id, "second_factor_rate_limited");
      throw new SignInRateLimitedError(codeDecision.retryAfterSeconds);
    }
    const checked = await useSecondFactor(deps.db, user.id, code);
    if (!checked.ok) {
      await audit("error", user.email, user.id, checked.reason === "not_enabled" ? "wrong_code" : checked.reason);
      throw new SecondFactorInvalidError();
    }
    await codeLimiter.succeeded(user.id, input.clientIp);
    usedRecoveryCode = checked.kind === "recovery";
  }

  await deps.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
  await audit("ok", user.email, user.id, null);
  if (usedRecoveryCode) {
    // Its own row, so admins see which sign-ins spent a recovery code.
    await writeAuditEvent(
      deps.db,
      {
        userId: user.id,
        actor: user.email,
        workspaceId: null,
        procedure: "auth.recoveryCodeUsed",
        targetIds: [user.id],
        outcome: "ok",
        errorCode: null,
        upstreamRequestId: null,
        durationMs: 0,
        clientIp: input.clientIp,
      },
      log,
    );
  }
  return { id: user.id, email: user.email, name: user.name, isOps: user.isOps };
}
