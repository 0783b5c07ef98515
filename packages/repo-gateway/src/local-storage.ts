// A repository in a local folder, in restic's own layout (what `restic init` makes for a local
// repository): `config`, `keys/<id>`, `locks/<id>`, `snapshots/<id>`, `index/<id>`,
// `data/<first 2 hex>/<id>`. New objects are written to a temporary file beside their place,
// fsynced, checked (size, sha256) and then hard-linked into place: the link fails when the name
// exists, so an object is never replaced, and a reader never sees half an object.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, mkdir, open, opendir, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { BodyCheck } from "./body-check.ts";
import { describeRef, OBJECT_TYPES, type FileRef, type ObjectType } from "./object-path.ts";
import { NotFoundError, ObjectExistsError, resolveRange, type ObjectInfo, type ObjectStorage } from "./storage.ts";

const NAME = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = ".tmp-";

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

export function createLocalStorage(root: string): ObjectStorage {
  if (!path.isAbsolute(root)) throw new TypeError(`the repository folder must be an absolute path, got ${JSON.stringify(root)}`);

  function fileOf(ref: FileRef): string {
    if (ref.type === "config") return path.join(root, "config");
    // Validated by parseRestPath already; checked again because this builds a file system path.
    if (!NAME.test(ref.name)) throw new TypeError(`invalid object name for ${ref.type}/`);
    return ref.type === "data" ? path.join(root, "data", ref.name.slice(0, 2), ref.name) : path.join(root, ref.type, ref.name);
  }

  async function* listFolder(dir: string, withSubdirs: boolean): AsyncGenerator<ObjectInfo> {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      if (code(err) === "ENOENT") return;
      throw err;
    }
    for await (const entry of handle) {
      if (entry.name.startsWith(".")) continue; // temporary files of writes in progress
      const full = path.join(dir, entry.name);
      if (withSubdirs) {
        if (entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)) yield* listFolder(full, false);
        continue;
      }
      if (!entry.isFile() || !NAME.test(entry.name)) continue;
      try {
        yield { name: entry.name, size: (await stat(full)).size };
      } catch (err) {
        if (code(err) !== "ENOENT") throw err; // removed while listing (prune): skip it
      }
    }
  }

  return {
    description: `local folder ${root}`,

    async stat(ref) {
      try {
        const s = await stat(fileOf(ref));
        return s.isFile() ? { size: s.size } : null;
      } catch (err) {
        if (code(err) === "ENOENT" || code(err) === "ENOTDIR") return null;
        throw err;
      }
    },

    async read(ref, range) {
      const file = fileOf(ref);
      let fh;
      try {
        fh = await open(file, "r");
      } catch (err) {
        if (code(err) === "ENOENT" || code(err) === "ENOTDIR") throw new NotFoundError(describeRef(ref));
        throw err;
      }
      try {
        const { size } = await fh.stat();
        const bounds = range ? resolveRange(size, range) : undefined;
        // The stream owns the handle from here on (autoClose).
        const body = fh.createReadStream(bounds ? { start: bounds.start, end: bounds.end } : {});
        return { body, size, ...(bounds ? { range: bounds } : {}) };
      } catch (err) {
        await fh.close();
        throw err;
      }
    },

    async create(ref, body, opts) {
      const file = fileOf(ref);
      const dir = path.dirname(file);
      if (await this.stat(ref)) throw new ObjectExistsError(describeRef(ref));
      const temp = path.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        // flush: fsync before close, so the object is on disk before its name appears.
        await pipeline(body, new BodyCheck(opts), createWriteStream(temp, { flags: "wx", mode: 0o400, flush: true }));
        try {
          await link(temp, file);
        } catch (err) {
          if (code(err) === "EEXIST") throw new ObjectExistsError(describeRef(ref));
          throw err;
        }
      } finally {
        await unlink(temp).catch(() => undefined);
      }
      // The new name must survive a crash too (rest-server does the same).
      const dh = await open(dir, "r").catch(() => undefined);
      await dh?.sync().catch(() => undefined);
      await dh?.close().catch(() => undefined);
    },

    async remove(ref) {
      try {
        await unlink(fileOf(ref));
        return true;
      } catch (err) {
        if (code(err) === "ENOENT") return false;
        throw err;
      }
    },

    list(type: ObjectType) {
      return listFolder(path.join(root, type), type === "data");
    },

    async init() {
      for (const type of OBJECT_TYPES) await mkdir(path.join(root, type), { recursive: true, mode: 0o700 });
    },
  };
}

/** Removes a repository folder (tests and an operator's explicit delete only). */
export async function removeLocalRepository(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}
