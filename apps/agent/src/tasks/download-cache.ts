// Ranged single-file downloads without decrypting the file's prefix for every range.
//
// restic 0.14 has no ranged read: `restic dump` always starts at byte 0. A client that follows the
// API's 8 MiB chunking would make the agent decrypt n²/2 chunks for an n-chunk file. So the first
// ranged request of a file starts ONE `restic dump` into a cache file (0600, in a 0700 folder of
// the agent's state dir) and is served as soon as its bytes are written; later ranges of the same
// file (concurrent or not, in any order) read the cache file, waiting for the dump where it has not
// got to yet. Why `dump` and not `restore --include` into the cache: restore writes a file's blobs
// in pack order, so nothing could be served before the whole file is restored; dump writes
// sequentially, so the first range is as fast as before.
//
// Bounds: entries reserve their file's size against `maxBytes` (a file larger than the cache, or
// one that finds no room because every entry is being read, is not cached: the old direct dump);
// entries nobody reads are evicted least-recently-used first, and after `idleMs` without a reader
// (a running dump is stopped then too). The folder is emptied when the agent starts and stops.
// A dump that fails or ends short is dropped at once: its partial file is never served as
// complete, waiting readers fail, and the next request starts a new dump.
//
// Keys: a hash of (repository location, repository password, snapshot, path), so a request is only
// served cached bytes it could have dumped itself with the credentials it carries.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { errorMessage, type Logger } from "../log.ts";

export interface DownloadCacheOptions {
  dir: string;
  /** Total size of cached files; 0 disables the cache. */
  maxBytes: number;
  /** An entry without a reader for this long is deleted (its dump stopped if still running). */
  idleMs: number;
  log: Logger;
  /** How often idle entries are looked for (default: min(idleMs / 2, 30 s)). */
  sweepMs?: number;
}

export interface CachedRangeRequest {
  key: string;
  /** The repository (non-secret key): an exclusive task on it drops its entries. */
  repoKey: string;
  /** For the log only. */
  label: string;
  /** The file's size in the snapshot. */
  size: number;
  offset: number;
  /** Bytes wanted from `offset` (already clipped to the file). */
  length: number;
  /** Starts `restic dump` of the whole file; the cache owns and stops it. */
  dump(signal: AbortSignal): Readable & { exited?: Promise<unknown> };
}

interface Entry {
  key: string;
  repoKey: string;
  label: string;
  file: string;
  size: number;
  written: number;
  state: "running" | "complete" | "failed";
  error?: Error;
  readers: number;
  lastUsed: number;
  controller: AbortController;
  /** Settles when the dump (and its restic process) ended, whatever the outcome. */
  done: Promise<void>;
  waiters: Set<() => void>;
}

export interface DownloadCacheStats {
  dumpsStarted: number;
  cachedReads: number;
  entries: number;
  bytes: number;
}

const READ_CHUNK = 1024 * 1024;

/** The cache key of one file of one snapshot, as seen with these credentials. */
export function downloadCacheKey(repoKey: string, password: string, snapshotId: string, filePath: string): string {
  const pw = createHash("sha256").update(password).digest("hex");
  return createHash("sha256").update(JSON.stringify([repoKey, pw, snapshotId, filePath])).digest("hex");
}

export function createDownloadCache(opts: DownloadCacheOptions) {
  const { dir, maxBytes, idleMs, log } = opts;
  const entries = new Map<string, Entry>();
  const stats = { dumpsStarted: 0, cachedReads: 0 };
  let reserved = 0;
  let sweeper: NodeJS.Timeout | undefined;
  let closed = false;

  const notify = (entry: Entry) => {
    const waiters = [...entry.waiters];
    entry.waiters.clear();
    for (const w of waiters) w();
  };

  /** Removes an entry: stops its dump, wakes its readers (they fail unless their bytes are there), deletes the file. */
  function drop(entry: Entry, why: string): Promise<void> {
    if (entries.get(entry.key) === entry) {
      entries.delete(entry.key);
      reserved -= entry.size;
    }
    if (entry.state === "running") {
      entry.state = "failed";
      entry.error = new Error(`the cached dump of ${entry.label} was stopped (${why})`);
      entry.controller.abort();
    }
    notify(entry);
    return entry.done.then(() => fs.rm(entry.file, { force: true })).catch(() => undefined);
  }

  function evictIdle(now: number) {
    for (const entry of [...entries.values()]) {
      if (entry.readers === 0 && now - entry.lastUsed >= idleMs) {
        log.info(`download cache: ${entry.label} evicted after ${Math.round(idleMs / 1000)} s unread`);
        void drop(entry, "idle");
      }
    }
  }

  /** Makes room for `size` bytes, least recently used unread entries first; false when it cannot. */
  function makeRoom(size: number): boolean {
    if (reserved + size <= maxBytes) return true;
    const idle = [...entries.values()].filter((e) => e.readers === 0).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of idle) {
      log.info(`download cache: ${entry.label} evicted to make room (${entry.size} bytes)`);
      void drop(entry, "evicted for room");
      if (reserved + size <= maxBytes) return true;
    }
    return false;
  }

  async function fill(entry: Entry, source: Readable) {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(entry.file, "wx", 0o600);
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (entry.state !== "running") break;
        let at = 0;
        while (at < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, at, chunk.length - at, entry.written + at);
          at += bytesWritten;
        }
        entry.written += chunk.length;
        if (entry.written > entry.size) throw new Error(`restic dump wrote more than the ${entry.size} bytes ls reported`);
        notify(entry);
      }
      if (entry.state !== "running") return;
      if (entry.written !== entry.size) throw new Error(`restic dump ended after ${entry.written} of ${entry.size} bytes`);
      entry.state = "complete";
      log.info(`download cache: restic dump of ${entry.label} complete (${entry.size} bytes)`);
      notify(entry);
    } catch (error) {
      source.destroy();
      if (entry.state === "running") {
        entry.state = "failed";
        entry.error = error instanceof Error ? error : new Error(String(error));
        log.warn(`download cache: restic dump of ${entry.label} failed after ${entry.written} bytes; not kept: ${errorMessage(error)}`);
        void drop(entry, "failed");
      }
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  function start(req: CachedRangeRequest): Entry {
    const controller = new AbortController();
    let settle!: () => void;
    const entry: Entry = {
      key: req.key,
      repoKey: req.repoKey,
      label: req.label,
      // Its own name: a dropped entry of the same key may still be deleting its file.
      file: path.join(dir, `${req.key.slice(0, 32)}-${randomBytes(6).toString("hex")}.bin`),
      size: req.size,
      written: 0,
      state: "running",
      readers: 0,
      lastUsed: Date.now(),
      controller,
      done: new Promise<void>((resolve) => (settle = resolve)),
      waiters: new Set(),
    };
    entries.set(entry.key, entry);
    reserved += entry.size;
    stats.dumpsStarted++;
    log.info(`download cache: restic dump of ${entry.label} started (${entry.size} bytes, dump #${stats.dumpsStarted})`);
    let source: Readable & { exited?: Promise<unknown> };
    try {
      source = req.dump(controller.signal);
    } catch (error) {
      entry.state = "failed";
      entry.error = error instanceof Error ? error : new Error(String(error));
      settle();
      void drop(entry, "failed to start");
      return entry;
    }
    void fill(entry, source)
      .then(() => source.exited?.catch(() => undefined))
      .finally(settle);
    return entry;
  }

  function reader(entry: Entry, offset: number, end: number): Readable {
    let handle: fs.FileHandle | undefined;
    let pos = offset;
    let released = false;
    entry.readers++;
    stats.cachedReads++;
    entry.lastUsed = Date.now();
    const release = () => {
      if (released) return;
      released = true;
      entry.readers--;
      entry.lastUsed = Date.now();
    };
    const until = (ready: () => boolean) =>
      new Promise<void>((resolve) => {
        if (ready()) return resolve();
        const check = () => (ready() ? resolve() : entry.waiters.add(check));
        entry.waiters.add(check);
      });
    return new Readable({
      highWaterMark: READ_CHUNK,
      read() {
        void (async () => {
          if (pos >= end) return this.push(null);
          await until(() => entry.written > pos || entry.state !== "running");
          if (this.destroyed) return;
          const available = Math.min(entry.written, end);
          if (available <= pos) {
            throw entry.error ?? new Error(`the cached dump of ${entry.label} ended at ${entry.written} bytes`);
          }
          // Opened once bytes are there (the dump creates the file); a dropped entry's file is gone: fail.
          if (!handle) {
            const h = await fs.open(entry.file, "r").catch(() => {
              throw entry.error ?? new Error(`the cached dump of ${entry.label} was removed`);
            });
            if (this.destroyed) return void h.close().catch(() => undefined);
            handle = h;
          }
          const want = Math.min(READ_CHUNK, available - pos);
          const buffer = Buffer.allocUnsafe(want);
          const { bytesRead } = await handle!.read(buffer, 0, want, pos);
          if (bytesRead === 0) throw new Error(`the cache file of ${entry.label} is shorter than its dump`);
          pos += bytesRead;
          entry.lastUsed = Date.now();
          this.push(buffer.subarray(0, bytesRead));
        })().catch((error: Error) => this.destroy(error));
      },
      destroy(error, cb) {
        release();
        const h = handle;
        handle = undefined;
        (h ? h.close() : Promise.resolve()).then(() => cb(error), () => cb(error));
      },
    });
  }

  return {
    get enabled() {
      return maxBytes > 0;
    },

    /** Empties (creates) the cache folder; called when the agent starts. */
    async init(): Promise<void> {
      await fs.rm(dir, { recursive: true, force: true });
      if (maxBytes <= 0) return;
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await fs.chmod(dir, 0o700);
      const sweepMs = opts.sweepMs ?? Math.max(50, Math.min(idleMs / 2, 30_000));
      sweeper = setInterval(() => evictIdle(Date.now()), sweepMs);
      sweeper.unref();
    },

    /** The size of a cached (or being cached) file: a hit needs no `restic ls`. */
    sizeOf(key: string): number | undefined {
      const entry = entries.get(key);
      return entry && entry.state !== "failed" ? entry.size : undefined;
    },

    /**
     * The range from the cache (starting the file's dump when it is not there yet), or null when
     * this request is better served by a direct dump: the cache is off, the request is the whole
     * file and nothing is cached for it, the file is larger than the cache, or there is no room.
     */
    read(req: CachedRangeRequest): { stream: Readable; hit: boolean } | null {
      if (closed || maxBytes <= 0) return null;
      const end = req.offset + req.length;
      let entry = entries.get(req.key);
      const hit = entry !== undefined;
      if (!entry) {
        if (req.offset === 0 && end >= req.size) return null;
        if (req.size > maxBytes || !makeRoom(req.size)) {
          log.info(`download cache: ${req.label} (${req.size} bytes) not cached: ${req.size > maxBytes ? "larger than the cache" : "no room"} (limit ${maxBytes} bytes)`);
          return null;
        }
        entry = start(req);
        if (entry.state === "failed") throw entry.error!;
      }
      return { stream: reader(entry, req.offset, end), hit };
    },

    /** Stops dumps and drops the entries of a repository (before forget/check take restic's exclusive lock). */
    async dropRepository(repoKey: string): Promise<void> {
      await Promise.all([...entries.values()].filter((e) => e.repoKey === repoKey).map((e) => drop(e, "repository maintenance")));
    },

    stats(): DownloadCacheStats {
      return { ...stats, entries: entries.size, bytes: reserved };
    },

    /** Agent shutdown: stops every dump and deletes the folder. */
    async close(): Promise<void> {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      await Promise.all([...entries.values()].map((e) => drop(e, "agent stopping")));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export type DownloadCache = ReturnType<typeof createDownloadCache>;
