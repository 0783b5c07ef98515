// Secrets at rest (upstream API keys): AES-256-GCM with a key derived from LIFEBOAT_SECRET by
// HKDF-SHA256. Stored form (schema.prisma UpstreamConnection.apiKeyCiphertext): base64 of
// iv (12 bytes) | auth tag (16 bytes) | ciphertext. Errors never contain the secret or plaintext.
import crypto from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MIN_SECRET_LENGTH = 32;

const keys = new Map<string, Buffer>();

function keyFor(secret: string | undefined): Buffer {
  if (!secret) {
    throw new Error(`LIFEBOAT_SECRET is not set: it must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`);
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`LIFEBOAT_SECRET is too short (${secret.length} characters): it must be at least ${MIN_SECRET_LENGTH}`);
  }
  let key = keys.get(secret);
  if (!key) {
    // Fixed salt and info: the key must be reproducible from the secret alone across restarts.
    key = Buffer.from(crypto.hkdfSync("sha256", secret, "lifeboat", "lifeboat secret box v1", 32));
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts `plaintext` with the key from `secret` (default: process.env.LIFEBOAT_SECRET). */
export function encryptSecret(plaintext: string, secret: string | undefined = process.env.LIFEBOAT_SECRET): string {
  const key = keyFor(secret);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64");
}

/** Decrypts what encryptSecret produced; throws when the key is wrong or the data was altered. */
export function decryptSecret(ciphertext: string, secret: string | undefined = process.env.LIFEBOAT_SECRET): string {
  const key = keyFor(secret);
  const raw = Buffer.from(ciphertext, "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("could not decrypt secret: the stored value is too short to be a ciphertext");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("could not decrypt secret: LIFEBOAT_SECRET differs from the one it was stored with, or the stored value was altered");
  }
}
