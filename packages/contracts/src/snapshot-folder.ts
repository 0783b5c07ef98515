// One folder level of a snapshot, from the engine's file index: a Lifeboat engine extension (not one
// of the 51 operations of the reference, §1), served by the engine at
// GET /lifeboat/v1/objects/{objectId}/snapshots/{snapshotId}/files and by the portal's REST door at
// GET /api/v1/objects/{objectId}/snapshots/{snapshotId}/files. The engine, @lifeboat/upstream and the
// BFF all read the path, the page and the entries with these schemas, so the rules live here once.
import { z } from "zod";

/** Entries per page: a folder of 10,000 entries is ten pages at the maximum. */
export const SNAPSHOT_FOLDER_MAX_PAGE = 1000;
export const SNAPSHOT_FOLDER_DEFAULT_PAGE = 200;

/**
 * An absolute folder path as the host spells it: starts with "/", no "." or ".." segment, no NUL.
 * Repeated and trailing slashes are allowed here and dropped by `snapshotFolderPath`.
 */
export const SnapshotFolderPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .startsWith("/", "path must be an absolute folder path (starting with /)")
  .refine((p) => !p.includes("\u0000"), "path must not contain a NUL character")
  .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), "path must not contain . or .. segments");

/** The folder's key in the index (`IndexedFile.dir` of its entries): "/a//b/" → "/a/b", "/" stays "/". */
export function snapshotFolderPath(path: string): string {
  const trimmed = path.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** The opaque cursor of the next page (as a previous page handed it out). */
export const SnapshotFolderCursorSchema = z.string().max(8192).regex(/^[A-Za-z0-9_-]+$/, "cursor is not a cursor this listing handed out");

export const SnapshotFolderLimitSchema = z.number().int().min(1).max(SNAPSHOT_FOLDER_MAX_PAGE);

/** Query of the engine route (objectId and snapshotId are its path parameters). */
export const SnapshotFolderQuerySchema = z.strictObject({
  path: SnapshotFolderPathSchema,
  cursor: SnapshotFolderCursorSchema.optional(),
  limit: SnapshotFolderLimitSchema.optional(),
});
export type SnapshotFolderQuery = z.infer<typeof SnapshotFolderQuerySchema>;

export const SnapshotFolderEntryTypeSchema = z.enum(["File", "Directory", "Symlink"]);

/** One entry of the folder, as the snapshot holds it (size of files only; mtime when indexed). */
export const SnapshotFolderEntrySchema = z.object({
  name: z.string(),
  type: SnapshotFolderEntryTypeSchema,
  sizeBytes: z.number().optional(),
  mtimeUsecs: z.number().optional(),
});
export type SnapshotFolderEntry = z.infer<typeof SnapshotFolderEntrySchema>;

/** One page of a folder, entries ordered by name; `nextCursor` is null on the last page. */
export const SnapshotFolderPageSchema = z.object({
  /** The folder listed, normalised (`snapshotFolderPath`). */
  path: z.string(),
  items: z.array(SnapshotFolderEntrySchema),
  nextCursor: z.string().nullable(),
});
export type SnapshotFolderPage = z.infer<typeof SnapshotFolderPageSchema>;
