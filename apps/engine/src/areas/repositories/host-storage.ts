// Where a host's repository lives: below the tenant's storage target (a local folder by default, or
// an S3 bucket and prefix), at `hosts/<repositoryId>`. The same place is opened two ways: by the
// gateway (`@lifeboat/repo-gateway` storage adapters) for the agents, and by plain restic in the
// engine (local path or `s3:` location) for init, forget, prune, check and reconcile.
import path from "node:path";
import { createLocalStorage, createS3Storage, type ObjectStorage } from "@lifeboat/repo-gateway";
import { LocalRepositorySchema, S3RepositorySchema, type RepositoryConfig } from "@lifeboat/restic";
import { z } from "zod";

/** Storage of one host repository (never a `rest:` or `sftp:` location: those are not storage the gateway can serve). */
export const HostStorageSchema = z.discriminatedUnion("kind", [LocalRepositorySchema, S3RepositorySchema]);
export type HostStorage = z.infer<typeof HostStorageSchema>;

/** The host repository's place below a tenant target (itself a local folder or S3 location). */
export function hostStorageBelow(target: RepositoryConfig, repositoryId: string): HostStorage | null {
  if (target.kind === "local") return { kind: "local", path: path.join(target.path, "hosts", repositoryId) };
  if (target.kind === "s3") return { ...target, prefix: `${target.prefix ? `${target.prefix}/` : ""}hosts/${repositoryId}` };
  return null;
}

/** The storage as restic (run by the engine) opens it. */
export function resticLocation(storage: HostStorage): RepositoryConfig {
  return storage;
}

export function objectStorageOf(storage: HostStorage): ObjectStorage {
  if (storage.kind === "local") return createLocalStorage(storage.path);
  const { kind: _kind, ...s3 } = storage;
  return createS3Storage(s3);
}

/** What an operator may see of it: where it is, never a credential. */
export function describeHostStorage(storage: HostStorage) {
  if (storage.kind === "local") return { kind: storage.kind, path: storage.path };
  return { kind: storage.kind, endpoint: storage.endpoint, bucket: storage.bucket, prefix: storage.prefix };
}
