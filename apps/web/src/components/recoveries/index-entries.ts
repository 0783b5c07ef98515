// Reading the file index (SearchIndexedObjects `files[]`, §9/§M.7) as folders and file versions.
// A File names its containing directory in `path` and its host in `sourceInfo`; the upstream model
// has no snapshot, size or mtime, so those are read only when the service adds them (the loose
// contract keeps unknown fields; the Lifeboat engine sends `snapshotId`, `sizeBytes`, `mtimeUsecs`,
// `snapshotTimestampUsecs` of the newest version): `snapshotId`, `sizeBytes`/`size`,
// `mtimeUsecs`/`mtime`, `snapshotTimestampUsecs`. `recovery.fileVersions` (a Lifeboat engine
// extension) lists every version of one file: `fromFileVersions`; `recovery.browse` one folder of a
// snapshot: `fromSnapshotFolder`.
import type { SnapshotFolderEntry } from "@lifeboat/contracts";
import { joinPath, normalizePath, type BrowserEntry, type EntryType } from "./snapshot-selection.ts";

export interface IndexedHit {
  entry: BrowserEntry;
  snapshotId: string | null;
  snapshotTime: Date | null;
  protectionGroupName: string | null;
  hostName: string | null;
  hostId: number | null;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function timeOf(usecs: unknown, text: unknown): Date | null {
  const us = num(usecs);
  if (us !== null && us > 0) return new Date(Math.floor(us / 1000));
  const s = str(text);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

const TYPES: Record<string, EntryType> = { Directory: "Directory", File: "File", Symlink: "Symlink", kDirectory: "Directory", kFile: "File", kSymlink: "Symlink" };

export function readIndexedFile(item: Record<string, unknown>): IndexedHit | null {
  const name = str(item.name);
  if (!name) return null;
  const folder = normalizePath(str(item.path) ?? "/");
  const source = (typeof item.sourceInfo === "object" && item.sourceInfo !== null ? item.sourceInfo : {}) as Record<string, unknown>;
  const size = num(item.sizeBytes) ?? num(item.size);
  const mtime = timeOf(item.mtimeUsecs, item.mtime);
  return {
    entry: {
      path: joinPath(folder, name),
      name,
      type: TYPES[str(item.type) ?? ""] ?? "File",
      ...(size !== null ? { sizeBytes: size } : {}),
      ...(mtime ? { mtime } : {}),
    },
    snapshotId: str(item.snapshotId) ?? str(item.snapshotsId),
    snapshotTime: timeOf(item.snapshotTimestampUsecs, null),
    protectionGroupName: str(item.protectionGroupName),
    hostName: str(source.name),
    hostId: num(source.id),
  };
}

/**
 * One folder of a snapshot as `recovery.browse` lists it (every page, name order), folders first:
 * the tree shows them above the files, as the host browser does.
 */
export function fromSnapshotFolder(folder: string, items: readonly SnapshotFolderEntry[]): BrowserEntry[] {
  return items
    .map((e) => ({
      path: joinPath(folder, e.name),
      name: e.name,
      type: e.type,
      ...(e.sizeBytes !== undefined ? { sizeBytes: e.sizeBytes } : {}),
      ...(e.mtimeUsecs !== undefined ? { mtime: new Date(Math.floor(e.mtimeUsecs / 1000)) } : {}),
    }))
    .sort((a, b) => ((a.type === "Directory") !== (b.type === "Directory") ? (a.type === "Directory" ? -1 : 1) : 0));
}

/** Every hit of one file path, newest snapshot first (hits without a time last). */
export function versionsOf(items: Record<string, unknown>[], filePath: string): IndexedHit[] {
  const wanted = normalizePath(filePath);
  return items
    .map(readIndexedFile)
    .filter((h): h is IndexedHit => h !== null && h.entry.path === wanted)
    .sort((a, b) => (b.snapshotTime?.getTime() ?? -1) - (a.snapshotTime?.getTime() ?? -1));
}

/** The rows of `recovery.fileVersions` (newest first already) as hits of `entry`'s path. */
export function fromFileVersions(items: Record<string, unknown>[], entry: BrowserEntry): IndexedHit[] {
  return items.map((v) => {
    const size = num(v.sizeBytes);
    const mtime = timeOf(v.mtimeUsecs, null);
    return {
      entry: {
        path: entry.path,
        name: entry.name,
        type: TYPES[str(v.type) ?? ""] ?? entry.type,
        ...(size !== null ? { sizeBytes: size } : {}),
        ...(mtime ? { mtime } : {}),
      },
      snapshotId: str(v.snapshotId),
      snapshotTime: timeOf(v.snapshotTimestampUsecs, null),
      protectionGroupName: null,
      hostName: null,
      hostId: null,
    };
  });
}
