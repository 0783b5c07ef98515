import path from "node:path";
import { z } from "zod";

// Where a tenant's restic repository lives. Only the credentials are secret; they travel to restic
// through the child's environment (visible to root and the same user only), never through argv,
// which any user can read from `ps`/`/proc/<pid>/cmdline`.

const absolutePath = (what: string) =>
  z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => path.isAbsolute(p), { message: `${what} must be an absolute path` });

export const LocalRepositorySchema = z.object({
  kind: z.literal("local"),
  path: absolutePath("repository.path"),
});

export const SftpRepositorySchema = z.object({
  kind: z.literal("sftp"),
  host: z.string().min(1).max(255).regex(/^[A-Za-z0-9[][A-Za-z0-9.:[\]-]*$/, "repository.host must be a host name or address"),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, "repository.user must be a plain user name").optional(),
  path: absolutePath("repository.path"),
  /** Key file for ssh; the key itself never passes through this process. */
  privateKeyPath: absolutePath("repository.privateKeyPath").optional(),
  knownHostsPath: absolutePath("repository.knownHostsPath").optional(),
});

export const S3RepositorySchema = z.object({
  kind: z.literal("s3"),
  /** e.g. `https://s3.eu-de.cloud-object-storage.appdomain.cloud` or `http://127.0.0.1:9000`. */
  endpoint: z.url({ protocol: /^https?$/, error: "repository.endpoint must be an http(s) URL" }),
  bucket: z.string().min(3).max(63).regex(/^[a-z0-9.-]+$/, "repository.bucket must be a valid bucket name"),
  prefix: z
    .string()
    .max(1024)
    .regex(/^[^/].*[^/]$|^[^/]$/, "repository.prefix must not start or end with /")
    .optional(),
  accessKeyId: z.string().min(4).max(256),
  secretAccessKey: z.string().min(4).max(256),
  region: z.string().min(1).max(64).optional(),
  /** Path-style bucket addressing, which most self-hosted S3 servers (MinIO, Ceph) need. */
  pathStyle: z.boolean().optional(),
});

/**
 * restic's REST backend — here the Lifeboat engine's repository gateway (`@lifeboat/repo-gateway`),
 * which serves one host's repository append-only to that host's agent. The credential is HTTP
 * basic auth; restic 0.14 takes it only inside the URL, which travels in RESTIC_REPOSITORY (the
 * environment, never argv) and is scrubbed from anything restic prints.
 */
export const RestRepositorySchema = z.object({
  kind: z.literal("rest"),
  url: z
    .url({ protocol: /^https?$/, error: "repository.url must be an http(s) URL" })
    .max(2048)
    .refine((u) => u.endsWith("/") && !/@/.test(new URL(u).host) && new URL(u).username === "", "repository.url must end with / and carry no credentials"),
  username: z.string().min(1).max(128).regex(/^[A-Za-z0-9._-]+$/, "repository.username must be a plain name").optional(),
  password: z.string().min(1).max(1024).optional(),
});

export const RepositoryConfigSchema = z.discriminatedUnion("kind", [
  LocalRepositorySchema,
  SftpRepositorySchema,
  S3RepositorySchema,
  RestRepositorySchema,
]);
export type RepositoryConfig = z.infer<typeof RepositoryConfigSchema>;

export interface RepositoryAccess {
  /** The value of RESTIC_REPOSITORY. */
  location: string;
  /** Extra environment for the child (credentials). */
  env: Record<string, string>;
  /** Extra global flags (`-o key=value` backend options); never secret. */
  args: string[];
  /** Values to scrub from anything restic writes back. */
  secrets: string[];
}

export function repositoryAccess(repository: RepositoryConfig): RepositoryAccess {
  switch (repository.kind) {
    case "local":
      return { location: repository.path, env: {}, args: [], secrets: [] };
    case "sftp": {
      const target = repository.user ? `${repository.user}@${repository.host}` : repository.host;
      const args: string[] = [];
      if (repository.port || repository.privateKeyPath || repository.knownHostsPath) {
        // restic's default command is `ssh <target> -s sftp`; a custom one is needed for port and key.
        const ssh = ["ssh", target];
        if (repository.port) ssh.push("-p", String(repository.port));
        if (repository.privateKeyPath) ssh.push("-i", repository.privateKeyPath, "-o", "IdentitiesOnly=yes");
        if (repository.knownHostsPath) ssh.push("-o", `UserKnownHostsFile=${repository.knownHostsPath}`);
        // BatchMode: never sit waiting for a password prompt that nobody will answer.
        ssh.push("-o", "BatchMode=yes", "-s", "sftp");
        args.push(`--option=sftp.command=${ssh.join(" ")}`);
      }
      return { location: `sftp:${target}:${repository.path}`, env: {}, args, secrets: [] };
    }
    case "s3": {
      const endpoint = repository.endpoint.replace(/\/+$/, "");
      const location = `s3:${endpoint}/${repository.bucket}${repository.prefix ? `/${repository.prefix}` : ""}`;
      const env: Record<string, string> = {
        AWS_ACCESS_KEY_ID: repository.accessKeyId,
        AWS_SECRET_ACCESS_KEY: repository.secretAccessKey,
      };
      if (repository.region) env.AWS_DEFAULT_REGION = repository.region;
      const args = repository.pathStyle ? ["--option=s3.bucket-lookup=path"] : [];
      return { location, env, args, secrets: [repository.accessKeyId, repository.secretAccessKey] };
    }
    case "rest": {
      const url = new URL(repository.url);
      if (repository.username) url.username = encodeURIComponent(repository.username);
      if (repository.password) url.password = encodeURIComponent(repository.password);
      const secrets = repository.password ? [repository.password, encodeURIComponent(repository.password)] : [];
      return { location: `rest:${url.toString()}`, env: {}, args: [], secrets };
    }
  }
}
