// AES-256-GCM for secrets at rest (repository passwords, S3 credentials). The key is derived from
// ENGINE_SECRET, or from a random secret generated once and kept in `<dataDir>/engine-secret`
// (mode 0600) so a restart can still read what it wrote.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export async function loadSecretKey(dataDir: string, configured: string | undefined): Promise<Buffer> {
  let secret = configured;
  if (!secret) {
    const file = path.join(dataDir, "engine-secret");
    try {
      secret = (await readFile(file, "utf8")).trim();
    } catch {
      await mkdir(dataDir, { recursive: true });
      secret = randomBytes(32).toString("base64url");
      // wx: two engines starting on one data dir must not overwrite each other's key.
      await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" }).catch(async () => {
        secret = (await readFile(file, "utf8")).trim();
      });
    }
  }
  return createHash("sha256").update(`lifeboat-engine-secrets:${secret}`).digest();
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1.${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${data.toString("base64url")}`;
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split(".");
      if (v !== "v1" || !iv || !tag || data === undefined) throw new Error("sealed secret has an unknown format");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      try {
        return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        // Never include the sealed value: the message may reach a log.
        throw new Error("a stored secret cannot be decrypted: ENGINE_SECRET differs from the one it was written with");
      }
    },
  };
}
