// The engine's JSON body parser. Two differences from Fastify's built-in one:
// - int64 ids beyond 2^53 (connection and connector ids, reference §Q 15) would be rounded silently
//   by JSON.parse, so an unsafe integer literal is kept exact as a decimal string: a schema that wants
//   a string id takes it, a schema that wants a number names the field instead of acting on a wrong id.
// - An empty body with `content-type: application/json` is "no body" (SDKs send that header on
//   body-less POSTs such as …/registrationToken), not malformed JSON.
// And request bodies sent with `Content-Encoding: gzip` or `deflate` (IBM's SDKs compress when
// asked to) are decompressed before parsing, the body limit applying to the decompressed bytes: a
// zip bomb stops at the limit with 413, however small it is on the wire.
import { Transform, pipeline, type Readable, type TransformCallback } from "node:stream";
import { createGunzip, createInflate } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { invalid } from "../errors.ts";

/** Quotes integer literals outside strings whose value is not a safe JS integer. */
export function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    const isStart = c === 45 /* - */ || (c >= 48 && c <= 57);
    if (!isStart) continue;
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const next = text[j];
    const literal = text.slice(i, j);
    if (next === "." || next === "e" || next === "E") {
      // A fraction or exponent: skip the whole number, so its digits after the point are never
      // taken for an integer of their own (`2.9876543210987654` must stay one number).
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
    } else if (/\d{16,}/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(last, i)}"${literal}"`;
      last = j;
    }
    i = j - 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === "") return done(null, undefined);
    try {
      done(null, JSON.parse(quoteUnsafeIntegers(text)));
    } catch (error) {
      const err = error as Error & { statusCode?: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
}

/** Counts bytes passing through; fails with 413 once more than `limit` passed (when a limit is set). */
class ByteCounter extends Transform {
  bytes = 0;
  constructor(private readonly limit?: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.limit !== undefined && this.bytes > this.limit) {
      callback(Object.assign(new Error(`request body exceeds ${this.limit} bytes once decompressed`), { statusCode: 413 }));
      return;
    }
    callback(null, chunk);
  }
}

/** `gzip` / `deflate` request bodies, decompressed with `limit` on the decompressed size. */
export function registerBodyDecoding(app: FastifyInstance, limit: number): void {
  app.addHook("preParsing", async (req, _reply, payload) => {
    const encoding = String(req.headers["content-encoding"] ?? "").trim().toLowerCase();
    if (encoding === "" || encoding === "identity") return payload;
    if (encoding !== "gzip" && encoding !== "x-gzip" && encoding !== "deflate") {
      throw invalid(`unsupported Content-Encoding ${JSON.stringify(encoding.slice(0, 40))}; send gzip, deflate or an uncompressed body`);
    }
    const encoded = new ByteCounter();
    const decoded = new ByteCounter(limit);
    const inflate = encoding === "deflate" ? createInflate() : createGunzip();
    // Fastify checks Content-Length against the bytes received on the wire (receivedEncodedLength)
    // and the body limit against the decompressed bytes it reads from the returned stream.
    const out = decoded as ByteCounter & { receivedEncodedLength: number };
    out.receivedEncodedLength = 0;
    encoded.on("data", () => {
      out.receivedEncodedLength = encoded.bytes;
    });
    pipeline(payload, encoded, inflate, decoded, (error) => {
      // A corrupt stream is bad input (400); the 413 above keeps its status.
      if (error && !(error as { statusCode?: number }).statusCode) Object.assign(error, { statusCode: 400, message: `malformed ${encoding} body: ${error.message}` });
    });
    return decoded as Readable;
  });
}
