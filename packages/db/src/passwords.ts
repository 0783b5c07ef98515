import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with its defaults: 19 MiB, 2 passes (OWASP minimum).
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 1024; // bounds the hashing work an attacker can ask for

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`the password is too short: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`the password is too long: at most ${MAX_PASSWORD_LENGTH} characters`);
  return hash(password);
}

/**
 * True when `password` matches `passwordHash` (argument order as @node-rs/argon2's `verify`).
 * Throws when the first argument is not an argon2 hash, so swapped arguments fail loudly.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith("$argon2")) {
    throw new Error("verifyPassword(passwordHash, password): the first argument is not an argon2 hash");
  }
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  return verify(passwordHash, password);
}
