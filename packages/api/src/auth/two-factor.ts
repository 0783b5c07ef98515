// Two-factor sign-in (issue 13, item 5): TOTP (RFC 6238 through the `otpauth` library: SHA-1, 6
// digits, 30 s steps — what every authenticator app reads from the QR code) and 10 one-time
// recovery codes.
//
// - The secret is sealed at rest like upstream API keys (@lifeboat/db secret-box, LIFEBOAT_SECRET)
//   and leaves the server only once, to the user setting it up (QR code rendered here, as an SVG
//   data URL: it is never sent to a third party, and the text key beside it).
// - A code is accepted for the current step and one step either side (clock drift); the step it
//   matched is stored (User.totpLastStep) and only a later step is accepted afterwards, so a code
//   cannot be replayed within its window. The compare-and-set is one UPDATE … WHERE, so two
//   parallel sign-ins with the same code cannot both pass.
// - Recovery codes are random (50 bits each), stored as SHA-256 only, and each is used up by one
//   UPDATE … WHERE "usedAt" IS NULL.
// - Code checks are throttled like password guessing (@lifeboat/throttle, per user): see
//   secondFactorLimiter.
import { createHash, randomInt } from "node:crypto";
import { decryptSecret, encryptSecret } from "@lifeboat/db";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { Db, DbTx } from "../db.ts";
import { createSignInLimiter, type SignInLimiter } from "./sign-in-limiter.ts";

export const TOTP_ISSUER = "Lifeboat";
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

/** Lower-case RFC 4648 base32 letters: no 0/1/8/9, so no O/0 or l/1 confusion when typed. */
const RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const RECOVERY_CODE_CHARS = 10;

function totp(secretBase32: string, label = "account"): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The text key as shown to people: groups of four. */
export function formatTotpKey(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, "$1 ");
}

export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The QR code of an otpauth:// URI as an SVG data URL, rendered here (no third party sees it). */
export async function qrCodeDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** The current time step. */
export function totpStep(now = Date.now()): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

/** The time step `code` belongs to (within the window around `now`), or null when it matches none. */
export function matchTotp(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : totpStep(now) + delta;
}

export function sealTotpSecret(secretBase32: string): string {
  return encryptSecret(secretBase32);
}

export function openTotpSecret(ciphertext: string): string {
  return decryptSecret(ciphertext);
}

/** 10 new recovery codes, as shown to the user ("abcde-fghij"). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: RECOVERY_CODE_CHARS }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The canonical form of something typed as a recovery code (case, spaces and dashes do not matter), or null. */
export function normaliseRecoveryCode(input: string): string | null {
  const chars = input.toLowerCase().replace(/[\s-]+/g, "");
  if (chars.length !== RECOVERY_CODE_CHARS || ![...chars].every((c) => RECOVERY_ALPHABET.includes(c))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(`lifeboat-recovery:${code}`).digest("hex");
}

/** Replaces the user's recovery codes with new ones; returns them (the only time they are seen). */
export async function replaceRecoveryCodes(tx: Db | DbTx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

export type SecondFactorResult =
  | { ok: true; kind: "totp" | "recovery" }
  | { ok: false; reason: "not_enabled" | "wrong_code" | "code_replayed" | "recovery_code_used" };

/**
 * Checks a code of a user whose two-factor sign-in is on — a TOTP code or a recovery code — and
 * uses it up: the TOTP step cannot be used again, the recovery code is spent. Not throttled here:
 * callers consume secondFactorLimiter first.
 */
export async function useSecondFactor(db: Db, userId: string, code: string, now = new Date()): Promise<SecondFactorResult> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecretCiphertext: true, totpEnabledAt: true } });
  if (!user?.totpEnabledAt || !user.totpSecretCiphertext) return { ok: false, reason: "not_enabled" };
  const recovery = normaliseRecoveryCode(code);
  if (recovery) {
    const codeHash = hashRecoveryCode(recovery);
    const { count } = await db.recoveryCode.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: now } });
    if (count === 1) return { ok: true, kind: "recovery" };
    const spent = await db.recoveryCode.findFirst({ where: { userId, codeHash }, select: { id: true } });
    return { ok: false, reason: spent ? "recovery_code_used" : "wrong_code" };
  }
  const step = matchTotp(openTotpSecret(user.totpSecretCiphertext), code, now.getTime());
  if (step === null) return { ok: false, reason: "wrong_code" };
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1 ? { ok: true, kind: "totp" } : { ok: false, reason: "code_replayed" };
}

const byDb = new WeakMap<Db, SignInLimiter>();

/**
 * The limiter of second-factor codes (sign-in's code step, setup's confirmation, switching it off
 * with a code): the same backoff as passwords, per (user, client address) and per address, with
 * the per-user ceiling. Its own counters: a wrong code does not slow the password step down.
 */
export function secondFactorLimiter(db: Db): SignInLimiter {
  let limiter = byDb.get(db);
  if (!limiter) byDb.set(db, (limiter = createSignInLimiter(db, {}, "second-factor")));
  return limiter;
}

/** The instance setting "require two-factor for admins" (false until an instance admin sets it). */
export async function adminTwoFactorRequired(db: Db): Promise<boolean> {
  const row = await db.instanceSettings.findUnique({ where: { id: 1 }, select: { requireAdminTwoFactor: true } });
  return row?.requireAdminTwoFactor ?? false;
}
