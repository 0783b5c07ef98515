import { startBackup, type BackupHandle, type BackupOptions } from "./backup.ts";
import { ResticError, ResticMissingError } from "./errors.ts";
import { dumpFile, type DumpOptions, type DumpStream } from "./dump.ts";
import { listSnapshot, type LsOptions } from "./ls.ts";
import { check, forget, prune, rebuildIndex, unlock, type CheckResult, type ForgetResult, type ForgetTarget } from "./maintenance.ts";
import { SnapshotLineSchema, toSnapshot, type BackupProgress, type Snapshot, type SnapshotNode } from "./messages.ts";
import {
  AbsolutePathSchema,
  BackupInputSchema,
  ForgetTargetSchema,
  parseInput,
  ReadDataSubsetSchema,
  ResticOptionsSchema,
  RestoreInputSchema,
  SnapshotFilterSchema,
  SnapshotIdSchema,
  type ResticOptions,
} from "./options.ts";
import { runRestic, type ResticContext } from "./process.ts";
import { repositoryAccess } from "./repository.ts";
import { restoreSnapshot, type RestoreOptions, type RestoreProgress, type RestoreSummary } from "./restore.ts";

export interface ResticVersion {
  version: string;
  /** The full `restic version` line. */
  raw: string;
}

export interface Restic {
  /** null when restic is not installed on this host. */
  version(): Promise<ResticVersion | null>;
  /** Creates the repository; `{ created: false }` when one is already there. */
  init(): Promise<{ created: boolean }>;
  backup(paths: string[], opts?: BackupOptions, onProgress?: (p: BackupProgress) => void): BackupHandle;
  snapshots(filter?: { tags?: string[]; host?: string }): Promise<Snapshot[]>;
  ls(snapshotId: string, opts?: LsOptions): AsyncGenerator<SnapshotNode>;
  dump(snapshotId: string, path: string, opts?: DumpOptions): DumpStream;
  restore(snapshotId: string, opts: RestoreOptions, onProgress?: (p: RestoreProgress) => void): Promise<RestoreSummary>;
  forget(target: ForgetTarget, opts?: { prune?: boolean }): Promise<ForgetResult>;
  prune(): Promise<void>;
  check(opts?: { readDataSubset?: string }): Promise<CheckResult>;
  /** Removes stale locks (left by a killed process); `removeAll` also removes live ones. */
  unlock(opts?: { removeAll?: boolean }): Promise<void>;
  /** After a killed backup: index its orphaned packs so the next run reuses them. */
  rebuildIndex(): Promise<void>;
}

// Only these variables of the agent's own environment reach restic: an inherited RESTIC_* or
// AWS_* variable must never redirect a tenant's backup to another repository or credential.
const INHERITED_ENV = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "SSH_AUTH_SOCK", "SSL_CERT_FILE", "SSL_CERT_DIR"];

/**
 * `init`s in flight per repository location in this process. Two concurrent `restic init`s of one
 * new repository each write a key and a config file; the loser's key then no longer opens the
 * config ("config or key … is damaged"). Serialised, the second one finds the config and is a no-op.
 */
const initsInFlight = new Map<string, Promise<unknown>>();
/**
 * Locations this process has seen initialised: `init()` before every backup is then free instead
 * of a restic process (opening the repository costs a second or more) that only finds the config.
 */
const knownInitialised = new Set<string>();

export function createRestic(options: ResticOptions): Restic {
  const opts = parseInput(ResticOptionsSchema, options, "restic options");
  const access = repositoryAccess(opts.repository);
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // In JSON mode restic 0.14 writes 60 status lines a second; 4 is plenty for a progress bar.
  env.RESTIC_PROGRESS_FPS = "4";
  Object.assign(env, opts.env, access.env, { RESTIC_REPOSITORY: access.location, RESTIC_PASSWORD: opts.password });
  const ctx: ResticContext = {
    binary: opts.binary ?? "restic",
    globalArgs: [...(opts.cacheDir ? [`--cache-dir=${opts.cacheDir}`] : []), ...access.args],
    env,
    secrets: [opts.password, ...access.secrets],
    runAs: opts.runAs,
  };

  return {
    async version() {
      try {
        const { stdout } = await runRestic({ ...ctx, globalArgs: [] }, "version", []);
        const raw = stdout.trim();
        const match = /^restic v?(\S+)/.exec(raw); // newer releases print "restic v0.17.3"
        return { version: match?.[1] ?? raw, raw };
      } catch (err) {
        if (err instanceof ResticMissingError) return null;
        throw err;
      }
    },

    async init() {
      const initOnce = async () => {
        try {
          await runRestic(ctx, "init", []);
          return { created: true };
        } catch (err) {
          // Idempotent: a second init only finds the config file written by the first one.
          if (err instanceof ResticError && /config file already exists/.test(err.stderrTail)) return { created: false };
          throw err;
        }
      };
      if (knownInitialised.has(access.location)) return { created: false };
      const previous = initsInFlight.get(access.location) ?? Promise.resolve();
      const mine = previous.catch(() => undefined).then(initOnce);
      initsInFlight.set(access.location, mine);
      try {
        const result = await mine;
        knownInitialised.add(access.location);
        return result;
      } finally {
        if (initsInFlight.get(access.location) === mine) initsInFlight.delete(access.location);
      }
    },

    backup(paths, backupOpts = {}, onProgress) {
      parseInput(BackupInputSchema, { paths, ...pick(backupOpts, ["tags", "excludes", "host", "parent"]) }, "backup");
      return startBackup(ctx, paths, backupOpts, onProgress);
    },

    async snapshots(filter = {}) {
      const f = parseInput(SnapshotFilterSchema, filter, "snapshot filter");
      const args = ["--json"];
      if (f.tags?.length) args.push(`--tag=${f.tags.join(",")}`);
      if (f.host) args.push(`--host=${f.host}`);
      const { stdout } = await runRestic(ctx, "snapshots", args);
      const lines = parseInput(SnapshotLineSchema.array().nullable(), JSON.parse(stdout || "[]"), "restic snapshots output");
      return (lines ?? []).map(toSnapshot);
    },

    ls(snapshotId, lsOpts = {}) {
      parseInput(SnapshotIdSchema, snapshotId, "snapshotId");
      if (lsOpts.path !== undefined) parseInput(AbsolutePathSchema, lsOpts.path, "ls.path");
      return listSnapshot(ctx, snapshotId, lsOpts);
    },

    dump(snapshotId, path, dumpOpts = {}) {
      parseInput(SnapshotIdSchema, snapshotId, "snapshotId");
      parseInput(AbsolutePathSchema, path, "dump.path");
      for (const key of ["offset", "length"] as const) {
        const v = dumpOpts[key];
        if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) {
          throw new TypeError(`invalid dump.${key}: must be a non-negative integer`);
        }
      }
      return dumpFile(ctx, snapshotId, path, dumpOpts);
    },

    restore(snapshotId, restoreOpts, onProgress) {
      parseInput(SnapshotIdSchema, snapshotId, "snapshotId");
      parseInput(RestoreInputSchema, pick(restoreOpts, ["target", "include", "exclude"]), "restore");
      return restoreSnapshot(ctx, snapshotId, restoreOpts, onProgress);
    },

    forget(target, forgetOpts = {}) {
      parseInput(ForgetTargetSchema, target, "forget");
      return forget(ctx, target, forgetOpts.prune ?? false);
    },

    prune: () => prune(ctx),

    check(checkOpts = {}) {
      if (checkOpts.readDataSubset !== undefined) {
        parseInput(ReadDataSubsetSchema, checkOpts.readDataSubset, "check.readDataSubset");
      }
      return check(ctx, checkOpts);
    },

    unlock: (unlockOpts) => unlock(ctx, unlockOpts),

    rebuildIndex: () => rebuildIndex(ctx),
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

