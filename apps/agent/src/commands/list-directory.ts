// listDirectory: entries of one directory for the portal's include/exclude path picker.
// Bounded (huge directories return the first `limit` entries and `truncated: true`) and never
// throws: a missing or unreadable path is a Failed result with the reason.
import fs from "node:fs/promises";
import path from "node:path";
import type { CommandResult, DirectoryEntry, ListDirectoryResult } from "@lifeboat/agent-protocol";

export const LIST_DIRECTORY_LIMIT = 1000;

const REASONS: Record<string, string> = {
  ENOENT: "no such directory",
  ENOTDIR: "not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
};

function entryType(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): DirectoryEntry["type"] {
  if (d.isDirectory()) return "directory";
  if (d.isFile()) return "file";
  if (d.isSymbolicLink()) return "symlink";
  return "other";
}

export async function listDirectory(dirPath: string, limit = LIST_DIRECTORY_LIMIT): Promise<CommandResult> {
  if (!path.isAbsolute(dirPath)) return { status: "Failed", message: `path must be absolute: ${dirPath}` };
  const dir = path.normalize(dirPath);
  const entries: DirectoryEntry[] = [];
  let truncated = false;
  try {
    const handle = await fs.opendir(dir);
    for await (const dirent of handle) {
      if (entries.length >= limit) {
        truncated = true;
        break; // breaking out of for-await closes the handle
      }
      const entry: DirectoryEntry = { name: dirent.name, type: entryType(dirent) };
      try {
        const stat = await fs.lstat(path.join(dir, dirent.name));
        if (entry.type === "file") entry.sizeBytes = stat.size;
        entry.mtimeMs = Math.trunc(stat.mtimeMs);
      } catch {
        // vanished between readdir and lstat: keep the name and type
      }
      entries.push(entry);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    return { status: "Failed", message: `cannot list ${dir}: ${REASONS[code] ?? (error as Error).message}` };
  }
  // Directories first, then by name: what a path picker shows.
  entries.sort((a, b) =>
    a.type === b.type || (a.type !== "directory" && b.type !== "directory")
      ? a.name.localeCompare(b.name)
      : a.type === "directory" ? -1 : 1,
  );
  const data: ListDirectoryResult = { path: dir, entries, truncated };
  return { status: "Succeeded", data };
}
