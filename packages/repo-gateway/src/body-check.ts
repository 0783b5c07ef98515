// A pass-through stream that enforces what the gateway promises about an upload: at most
// `maxBytes`, exactly the announced size, and content whose sha256 is the object's name. Storage
// writes pipe through it and commit only after it ended cleanly.
import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { BadBodyError, type CreateOptions } from "./storage.ts";

export class BodyCheck extends Transform {
  private bytes = 0;
  private readonly hash;

  constructor(private readonly opts: CreateOptions) {
    super();
    this.hash = opts.sha256 ? createHash("sha256") : null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.opts.maxBytes) return done(new BadBodyError(413, `the body exceeds ${this.opts.maxBytes} bytes`));
    if (this.opts.size !== undefined && this.bytes > this.opts.size) {
      return done(new BadBodyError(400, `the body is longer than its Content-Length (${this.opts.size})`));
    }
    this.hash?.update(chunk);
    // With a known size the last chunk is held back until the hash is verified: a store that
    // commits once it received the announced length (S3) then never commits a wrong object.
    if (this.opts.size !== undefined && this.bytes === this.opts.size && !this.hashMatches()) {
      return done(new BadBodyError(400, "the body's sha256 does not match the object name"));
    }
    done(null, chunk);
  }

  private verified: boolean | undefined;
  private hashMatches(): boolean {
    if (!this.hash) return true;
    this.verified ??= this.hash.digest("hex") === this.opts.sha256;
    return this.verified;
  }

  override _flush(done: TransformCallback) {
    if (this.opts.size !== undefined && this.bytes !== this.opts.size) {
      return done(new BadBodyError(400, `the body ended after ${this.bytes} of ${this.opts.size} bytes`));
    }
    if (!this.hashMatches()) {
      return done(new BadBodyError(400, "the body's sha256 does not match the object name"));
    }
    done();
  }

  get byteCount() {
    return this.bytes;
  }
}
