// A repository in an S3-compatible bucket (AWS S3, IBM Cloud Object Storage, MinIO, Ceph) through
// @aws-sdk/client-s3, in the layout restic's own s3 backend uses below the prefix (`config`,
// `keys/<id>`, …, `data/<2 hex>/<id>`), so the engine can run plain restic (`s3:` location)
// against the same objects for forget, prune and check. Uploads stream to PutObject with the
// announced length; the last bytes are held back until the content's sha256 matches the name,
// so a wrong body is never committed. A new object never replaces one: HeadObject first, and
// `If-None-Match: *` for servers that honour it (objects are content-addressed, so a race between
// two writers of one name can only store the same bytes twice).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { BodyCheck } from "./body-check.ts";
import { describeRef, type FileRef, type ObjectType } from "./object-path.ts";
import { BadBodyError, NotFoundError, ObjectExistsError, RangeNotSatisfiableError, type ObjectInfo, type ObjectStorage } from "./storage.ts";

/** The same fields as @lifeboat/restic's s3 repository config (without `kind`). */
export interface S3StorageConfig {
  endpoint: string;
  bucket: string;
  prefix?: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  pathStyle?: boolean;
}

const NAME = /^[0-9a-f]{64}$/;

function statusOf(err: unknown): number | undefined {
  if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode;
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

export function createS3Storage(config: S3StorageConfig, client?: S3Client): ObjectStorage {
  const s3 =
    client ??
    new S3Client({
      endpoint: config.endpoint,
      region: config.region ?? "us-east-1",
      forcePathStyle: config.pathStyle ?? false,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Flexible checksums (aws-chunked trailers) are not understood by every S3-compatible server;
      // the gateway checks each object's sha256 itself.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
    });
  const Bucket = config.bucket;
  const base = config.prefix ? `${config.prefix}/` : "";

  function keyOf(ref: FileRef): string {
    if (ref.type === "config") return `${base}config`;
    if (!NAME.test(ref.name)) throw new TypeError(`invalid object name for ${ref.type}/`);
    return ref.type === "data" ? `${base}data/${ref.name.slice(0, 2)}/${ref.name}` : `${base}${ref.type}/${ref.name}`;
  }

  async function stat(ref: FileRef) {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: keyOf(ref) }));
      return { size: head.ContentLength ?? 0 };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  return {
    description: `S3 bucket ${config.bucket}${config.prefix ? `/${config.prefix}` : ""} at ${config.endpoint}`,
    stat,

    async read(ref, range) {
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket, Key: keyOf(ref), ...(range ? { Range: `bytes=${range.start}-${range.end ?? ""}` } : {}) }),
        );
        const body = out.Body as Readable;
        if (!range) return { body, size: out.ContentLength ?? 0 };
        const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(out.ContentRange ?? "");
        if (!m) {
          // A server that ignored the Range sent the whole object: answer it as a full read.
          return { body, size: out.ContentLength ?? 0 };
        }
        return { body, size: Number(m[3]), range: { start: Number(m[1]), end: Number(m[2]) } };
      } catch (err) {
        const status = statusOf(err);
        if (status === 404) throw new NotFoundError(describeRef(ref));
        if (status === 416 && range) {
          const info = await stat(ref);
          if (!info) throw new NotFoundError(describeRef(ref));
          throw new RangeNotSatisfiableError(info.size, range);
        }
        throw err;
      }
    },

    async create(ref, body, opts) {
      if (opts.size === undefined) throw new BadBodyError(400, "Content-Length is required to store an object in S3");
      if (await stat(ref)) throw new ObjectExistsError(describeRef(ref));
      const check = new BodyCheck(opts);
      const checked = body.pipe(check);
      body.once("error", (err) => check.destroy(err));
      let bodyError: unknown;
      check.once("error", (err) => (bodyError = err));
      try {
        await s3.send(new PutObjectCommand({ Bucket, Key: keyOf(ref), Body: checked, ContentLength: opts.size, IfNoneMatch: "*" }));
      } catch (err) {
        if (bodyError) throw bodyError;
        if (statusOf(err) === 412) throw new ObjectExistsError(describeRef(ref));
        throw err;
      }
      if (bodyError) {
        // The server committed although the body was refused (it should not): take it back.
        await s3.send(new DeleteObjectCommand({ Bucket, Key: keyOf(ref) })).catch(() => undefined);
        throw bodyError;
      }
    },

    async remove(ref) {
      if (!(await stat(ref))) return false;
      await s3.send(new DeleteObjectCommand({ Bucket, Key: keyOf(ref) }));
      return true;
    },

    async *list(type: ObjectType): AsyncGenerator<ObjectInfo> {
      let ContinuationToken: string | undefined;
      const Prefix = `${base}${type}/`;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken, MaxKeys: 1000 }));
        for (const o of page.Contents ?? []) {
          const name = (o.Key ?? "").slice((o.Key ?? "").lastIndexOf("/") + 1);
          if (NAME.test(name)) yield { name, size: o.Size ?? 0 };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    async init() {
      // Buckets have no folders; the bucket itself is the operator's.
    },
  };
}
