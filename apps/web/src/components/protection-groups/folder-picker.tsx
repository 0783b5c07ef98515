"use client";
// A host's folders as a tree that loads one level at a time (source.browse → the host's agent), to
// pick what a protection group backs up: the checkbox adds a path to the include paths, "Skip" adds
// it to the exclude paths. Keyboard: the tree is one tab stop (WAI-ARIA tree pattern): ↑/↓ move,
// → opens (or steps into) a folder, ← closes it (or steps to its parent), Enter opens/closes,
// Space checks, Home/End jump. The listing function is injected, so tests need no server.
import { ChevronRight, File, Folder, FolderOpen, Link2 } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";

export interface HostFolderEntry {
  name: string;
  type: string;
  sizeBytes?: number | undefined;
  mtimeMs?: number | undefined;
}
export interface HostFolder {
  path: string;
  entries: HostFolderEntry[];
  truncated: boolean;
}

/** Thrown by `listFolder` when the service offers no browsing: the picker shows the message only. */
export class BrowseNotSupportedError extends Error {
  override readonly name = "BrowseNotSupportedError";
}

export interface FolderPickerProps {
  hostName: string;
  listFolder: (path: string) => Promise<HostFolder>;
  included: readonly string[];
  excluded: readonly string[];
  onToggleInclude: (path: string, on: boolean) => void;
  onExclude: (path: string) => void;
}

type Load = { status: "loading" } | { status: "loaded"; folder: HostFolder } | { status: "error"; message: string };

interface Row {
  path: string;
  name: string;
  type: string;
  level: number;
  parent: string | null;
  sizeBytes?: number | undefined;
}

const ROOT = "/";
const childPath = (parent: string, name: string) => (parent === ROOT ? `/${name}` : `${parent}/${name}`);
const isFolder = (type: string) => type === "directory";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function FolderPicker({ hostName, listFolder, included, excluded, onToggleInclude, onExclude }: FolderPickerProps) {
  const [loads, setLoads] = useState<Record<string, Load>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([ROOT]));
  const [focused, setFocused] = useState(ROOT);
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const items = useRef(new Map<string, HTMLLIElement>());
  const moveFocus = useRef(false);
  const requested = useRef(new Set<string>());

  const load = useCallback(
    (path: string) => {
      if (requested.current.has(path)) return;
      requested.current.add(path);
      setLoads((l) => ({ ...l, [path]: { status: "loading" } }));
      listFolder(path).then(
        (folder) => setLoads((l) => ({ ...l, [path]: { status: "loaded", folder } })),
        (error: unknown) => {
          if (error instanceof BrowseNotSupportedError) setUnsupported(error.message);
          requested.current.delete(path); // closing and opening again retries
          setLoads((l) => ({ ...l, [path]: { status: "error", message: error instanceof Error ? error.message : String(error) } }));
        },
      );
    },
    [listFolder],
  );

  useEffect(() => {
    for (const path of expanded) load(path);
  }, [expanded, load]);

  // The visible rows in order: the root, then every open folder's entries, depth first.
  const rows = useMemo(() => {
    const out: Row[] = [{ path: ROOT, name: ROOT, type: "directory", level: 1, parent: null }];
    const walk = (parent: string, level: number) => {
      const state = loads[parent];
      if (!expanded.has(parent) || state?.status !== "loaded") return;
      for (const e of state.folder.entries) {
        const path = childPath(parent, e.name);
        out.push({ path, name: e.name, type: e.type, level, parent, sizeBytes: e.sizeBytes });
        if (isFolder(e.type)) walk(path, level + 1);
      }
    };
    walk(ROOT, 2);
    return out;
  }, [loads, expanded]);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    items.current.get(focused)?.focus();
  }, [focused, rows]);

  const toggleOpen = (path: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      const want = open ?? !prev.has(path);
      if (want) next.add(path);
      else next.delete(path);
      return next;
    });

  const focusRow = (path: string) => {
    moveFocus.current = true;
    setFocused(path);
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLUListElement>) => {
    // Keys typed in a row's checkbox or button (focused by a click) are theirs, not the tree's.
    if ((ev.target as HTMLElement).getAttribute("role") !== "treeitem") return;
    const index = rows.findIndex((r) => r.path === focused);
    const row = rows[index];
    if (!row) return;
    const folder = isFolder(row.type);
    const open = expanded.has(row.path);
    const handled = (() => {
      switch (ev.key) {
        case "ArrowDown":
          if (rows[index + 1]) focusRow(rows[index + 1]!.path);
          return true;
        case "ArrowUp":
          if (index > 0) focusRow(rows[index - 1]!.path);
          return true;
        case "ArrowRight":
          if (folder && !open) toggleOpen(row.path, true);
          else if (folder && rows[index + 1]?.parent === row.path) focusRow(rows[index + 1]!.path);
          return true;
        case "ArrowLeft":
          if (folder && open) toggleOpen(row.path, false);
          else if (row.parent) focusRow(row.parent);
          return true;
        case "Enter":
          if (folder) toggleOpen(row.path);
          return true;
        case " ":
          onToggleInclude(row.path, !included.includes(row.path));
          return true;
        case "Home":
          focusRow(rows[0]!.path);
          return true;
        case "End":
          focusRow(rows[rows.length - 1]!.path);
          return true;
        default:
          return false;
      }
    })();
    if (handled) ev.preventDefault();
  };

  if (unsupported) return <p role="status" className="text-sm text-muted-foreground">{unsupported}</p>;

  const renderRow = (row: Row) => {
    const folder = isFolder(row.type);
    const open = folder && expanded.has(row.path);
    const state = loads[row.path];
    const checked = included.includes(row.path);
    const skipped = excluded.includes(row.path);
    const children = rows.filter((r) => r.parent === row.path);
    const Icon = row.type === "symlink" ? Link2 : folder ? (open ? FolderOpen : Folder) : File;
    return (
      <li
        key={row.path}
        role="treeitem"
        aria-label={row.name}
        aria-level={row.level}
        aria-expanded={folder ? open : undefined}
        aria-selected={checked}
        tabIndex={row.path === focused ? 0 : -1}
        ref={(el) => {
          if (el) items.current.set(row.path, el);
          else items.current.delete(row.path);
        }}
        onFocus={(ev) => {
          if (ev.target === ev.currentTarget) setFocused(row.path);
        }}
        className="rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <div className="flex items-center gap-1.5 py-0.5 text-sm" style={{ paddingLeft: `${(row.level - 1) * 1.1}rem` }}>
          {folder ? (
            <button type="button" tabIndex={-1} aria-hidden className="rounded p-0.5 hover:bg-muted" onClick={() => toggleOpen(row.path)}>
              <ChevronRight className={`h-3.5 w-3.5 transition-transform ${open ? "rotate-90" : ""}`} />
            </button>
          ) : (
            <span className="w-[1.125rem]" />
          )}
          <input
            type="checkbox"
            tabIndex={-1}
            className="h-4 w-4 accent-primary"
            aria-label={`Back up ${row.path}`}
            checked={checked}
            onChange={(ev) => onToggleInclude(row.path, ev.target.checked)}
          />
          <Icon className="h-4 w-4 shrink-0 text-muted-foreground" aria-hidden />
          <span className={`truncate font-mono ${skipped ? "text-muted-foreground line-through" : ""}`}>{row.name}</span>
          {row.sizeBytes !== undefined ? <span className="text-xs text-muted-foreground">{formatSize(row.sizeBytes)}</span> : null}
          {row.path !== ROOT ? (
            <button
              type="button"
              tabIndex={-1}
              disabled={skipped}
              aria-label={`Skip ${row.path}`}
              className="ml-auto rounded px-1.5 text-xs text-muted-foreground hover:bg-muted hover:text-foreground disabled:opacity-50"
              onClick={() => onExclude(row.path)}
            >
              {skipped ? "skipped" : "Skip"}
            </button>
          ) : null}
        </div>
        {open ? (
          <ul role="group">
            {state?.status === "loading" ? <li role="none" className="py-0.5 text-xs text-muted-foreground" style={{ paddingLeft: `${row.level * 1.1 + 1.2}rem` }}>Loading…</li> : null}
            {state?.status === "error" ? <li role="none" className="py-0.5 text-xs font-medium text-destructive" style={{ paddingLeft: `${row.level * 1.1 + 1.2}rem` }}>{state.message}</li> : null}
            {state?.status === "loaded" && state.folder.entries.length === 0 ? <li role="none" className="py-0.5 text-xs text-muted-foreground" style={{ paddingLeft: `${row.level * 1.1 + 1.2}rem` }}>Empty folder</li> : null}
            {children.map(renderRow)}
            {state?.status === "loaded" && state.folder.truncated ? (
              <li role="none" className="py-0.5 text-xs text-muted-foreground" style={{ paddingLeft: `${row.level * 1.1 + 1.2}rem` }}>
                Only the first {state.folder.entries.length} entries are shown; type other paths below.
              </li>
            ) : null}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <ul role="tree" aria-label={`Folders of ${hostName}`} aria-multiselectable onKeyDown={onKeyDown} className="max-h-80 overflow-auto rounded-md border border-border p-1">
      {renderRow(rows[0]!)}
    </ul>
  );
}
