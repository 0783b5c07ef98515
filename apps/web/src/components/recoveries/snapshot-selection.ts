// Selection state of the snapshot browser, kept apart from React so its rules are unit-tested.
// A selected folder stands for everything below it ("implied" rows); unticking one row under a
// selected folder replaces that folder by its loaded children minus the unticked one, so the
// request that reaches the upstream always names the fewest paths (filesAndFolders, §6/§M.5).

export type EntryType = "Directory" | "File" | "Symlink";

export interface BrowserEntry {
  /** Absolute path inside the snapshot ("/etc/hosts"). */
  path: string;
  name: string;
  type: EntryType;
  sizeBytes?: number | undefined;
  mtime?: Date | undefined;
}

export interface SelectedItem {
  path: string;
  isDirectory: boolean;
  sizeBytes?: number | undefined;
}

/** Immutable: every operation returns a new map. Keys are normalised absolute paths. */
export type Selection = ReadonlyMap<string, SelectedItem>;

export type CheckState = "checked" | "implied" | "partial" | "none";

export const EMPTY_SELECTION: Selection = new Map();

/** "/a//b/" → "/a/b"; "" → "/". */
export function normalizePath(path: string): string {
  const parts = path.split("/").filter(Boolean);
  return `/${parts.join("/")}`;
}

export function joinPath(folder: string, name: string): string {
  return normalizePath(`${folder}/${name}`);
}

export function parentOf(path: string): string | null {
  const p = normalizePath(path);
  if (p === "/") return null;
  return normalizePath(p.slice(0, p.lastIndexOf("/")));
}

/** Nearest first: "/a/b/c" → ["/a/b", "/a", "/"]. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(path); p !== null; p = parentOf(p)) out.push(p);
  return out;
}

const isBelow = (path: string, folder: string) => folder === "/" ? path !== "/" : path.startsWith(`${folder}/`);

export function checkState(selection: Selection, path: string): CheckState {
  const p = normalizePath(path);
  if (selection.has(p)) return "checked";
  if (ancestorsOf(p).some((a) => selection.has(a))) return "implied";
  for (const key of selection.keys()) if (isBelow(key, p)) return "partial";
  return "none";
}

const toItem = (entry: BrowserEntry): SelectedItem => ({
  path: normalizePath(entry.path),
  isDirectory: entry.type === "Directory",
  ...(entry.sizeBytes !== undefined ? { sizeBytes: entry.sizeBytes } : {}),
});

/** Adds entries, dropping selections they already cover (a folder covers its descendants). */
function addAll(selection: Selection, entries: BrowserEntry[]): Map<string, SelectedItem> {
  const next = new Map(selection);
  for (const entry of entries) {
    const item = toItem(entry);
    if (ancestorsOf(item.path).some((a) => next.has(a))) continue;
    if (item.isDirectory) for (const key of [...next.keys()]) if (isBelow(key, item.path)) next.delete(key);
    next.set(item.path, item);
  }
  return next;
}

/**
 * Ticks or unticks one row. `childrenOf(folder)` returns a loaded folder's entries (or undefined
 * when not loaded); it is needed only to untick a row that a selected ancestor implies.
 */
export function toggle(selection: Selection, entry: BrowserEntry, childrenOf: (folder: string) => BrowserEntry[] | undefined): Selection {
  const path = normalizePath(entry.path);
  const state = checkState(selection, path);
  if (state === "checked") {
    const next = new Map(selection);
    next.delete(path);
    return next;
  }
  if (state === "implied") {
    // Walk down from the selected ancestor, replacing each folder on the way by its other children.
    const ancestors = ancestorsOf(path).reverse();
    const top = ancestors.find((a) => selection.has(a));
    if (top === undefined) return selection;
    const next = new Map(selection);
    next.delete(top);
    const chain = [...ancestors.slice(ancestors.indexOf(top)), path];
    for (let i = 0; i < chain.length - 1; i++) {
      const folder = chain[i] as string;
      const keep = chain[i + 1] as string;
      const children = childrenOf(folder);
      if (!children) return selection; // not loaded: cannot split safely, keep as it was
      for (const child of children) {
        const childPath = normalizePath(child.path);
        if (childPath !== keep) next.set(childPath, toItem(child));
      }
    }
    return next;
  }
  return addAll(selection, [entry]);
}

/** "Select all in this folder": every loaded child, or clears them when all are already ticked. */
export function toggleAllInFolder(selection: Selection, folder: string, children: BrowserEntry[]): Selection {
  const allTicked = children.length > 0 && children.every((c) => checkState(selection, c.path) === "checked" || checkState(selection, c.path) === "implied");
  if (!allTicked) return addAll(selection, children);
  if (ancestorsOf(children[0]?.path ?? "/").some((a) => selection.has(a) && a !== normalizePath(folder))) {
    return selection; // ticked by a folder further up: untick that folder instead
  }
  const next = new Map(selection);
  next.delete(normalizePath(folder));
  for (const child of children) next.delete(normalizePath(child.path));
  for (const key of [...next.keys()]) if (isBelow(key, normalizePath(folder))) next.delete(key);
  return next;
}

export interface SelectionSummary {
  files: number;
  folders: number;
  /** Sum of the sizes known for ticked files (folder sizes are not in the index). */
  knownBytes: number;
  items: SelectedItem[];
}

export function summarize(selection: Selection): SelectionSummary {
  const items = [...selection.values()].sort((a, b) => a.path.localeCompare(b.path));
  let files = 0;
  let folders = 0;
  let knownBytes = 0;
  for (const item of items) {
    if (item.isDirectory) folders += 1;
    else {
      files += 1;
      knownBytes += item.sizeBytes ?? 0;
    }
  }
  return { files, folders, knownBytes, items };
}

/** The `filesAndFolders` of a restore or download request. */
export function toFilesAndFolders(selection: Selection): { absolutePath: string; isDirectory: boolean }[] {
  return summarize(selection).items.map((i) => ({ absolutePath: i.path, isDirectory: i.isDirectory }));
}
