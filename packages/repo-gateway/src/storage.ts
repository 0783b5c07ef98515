// What the gateway needs from where a repository's files live. Two implementations: a local
// folder (local-storage.ts) and an S3-compatible bucket (s3-storage.ts). Both keep restic's own
// layout (config, keys/, locks/, snapshots/, index/, data/<2 hex>/<id>), so the engine can also
// open the same storage with plain restic for forget, prune and check.
import type { Readable } from "node:stream";
import type { FileRef, ObjectType } from "./object-path.ts";

export interface ByteRange {
  start: number;
  /** Inclusive; undefined = to the end. */
  end?: number;
}

export interface ObjectInfo {
  name: string;
  size: number;
}

export interface CreateOptions {
  /** Bytes announced by the client (Content-Length); the body must have exactly this many. */
  size?: number;
  /**
   * Lowercase hex sha256 the content must have (restic names every object but `config` by it). A
   * body that does not match is refused and nothing is left behind.
   */
  sha256?: string;
  /** Upper bound of the body; more bytes abort the write. */
  maxBytes: number;
}

export interface ObjectStorage {
  /** A short description for logs and errors (never a credential). */
  readonly description: string;
  /** The object's size, or null when it does not exist. */
  stat(ref: FileRef): Promise<{ size: number } | null>;
  /** The object's bytes (or a range of them). Throws NotFoundError; RangeNotSatisfiableError. */
  read(ref: FileRef, range?: ByteRange): Promise<{ body: Readable; size: number; range?: { start: number; end: number } }>;
  /** Stores a new object. Throws ObjectExistsError when it exists: objects are never replaced. */
  create(ref: FileRef, body: Readable, opts: CreateOptions): Promise<void>;
  /** Removes an object; false when it was not there. */
  remove(ref: FileRef): Promise<boolean>;
  /** Every object of a folder, streamed (a data/ folder may hold millions). */
  list(type: ObjectType): AsyncIterable<ObjectInfo>;
  /** Creates the empty folder structure (local) — a no-op where folders do not exist (S3). */
  init(): Promise<void>;
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} does not exist`);
  }
}
export class ObjectExistsError extends Error {
  constructor(what: string) {
    super(`${what} already exists; objects are never overwritten`);
  }
}
export class RangeNotSatisfiableError extends Error {
  constructor(
    readonly size: number,
    range: ByteRange,
  ) {
    super(`range ${range.start}-${range.end ?? ""} is outside the object (${size} bytes)`);
  }
}
/** The body was refused: too large, shorter/longer than announced, or not matching its name's hash. */
export class BadBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves a request range against the object's size (inclusive end). */
export function resolveRange(size: number, range: ByteRange): { start: number; end: number } {
  const end = Math.min(range.end ?? size - 1, size - 1);
  if (range.start >= size || end < range.start) throw new RangeNotSatisfiableError(size, range);
  return { start: range.start, end };
}
