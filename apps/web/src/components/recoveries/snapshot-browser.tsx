"use client";
// The snapshot as a folder tree: folders load when opened (one index query each, cached by
// TanStack Query), rows tick with a checkbox, a folder's "Select all" ticks its loaded children.
// Selection rules live in snapshot-selection.ts; this component only draws them.
import { Button, Skeleton, cn } from "@lifeboat/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Download, File, Folder, History, Link2 } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { formatBytes } from "@/lib/format.ts";
import { checkState, summarize, toggle, toggleAllInFolder, type BrowserEntry, type Selection } from "./snapshot-selection.ts";

export interface SnapshotBrowserProps {
  /** Cache key of this snapshot's folders (e.g. the snapshot id). */
  browseKey: string;
  rootPath?: string;
  loadFolder: (path: string) => Promise<BrowserEntry[]>;
  selection: Selection;
  onSelectionChange: (next: Selection) => void;
  onShowVersions?: ((entry: BrowserEntry) => void) | undefined;
  onDownloadFile?: ((entry: BrowserEntry) => void) | undefined;
  /** Folders shown open at first (e.g. the folders above a file found by search). */
  initiallyOpen?: string[] | undefined;
}

const folderKey = (browseKey: string, path: string) => ["snapshot-folder", browseKey, path] as const;

function Checkbox({ state, label, onToggle }: { state: ReturnType<typeof checkState>; label: string; onToggle: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === "partial";
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      className="h-4 w-4 shrink-0 accent-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      checked={state === "checked" || state === "implied"}
      aria-checked={state === "partial" ? "mixed" : state === "none" ? "false" : "true"}
      onChange={onToggle}
    />
  );
}

interface NodeProps extends SnapshotBrowserProps {
  entry: BrowserEntry;
  level: number;
  childrenOf: (folder: string) => BrowserEntry[] | undefined;
}

function FolderChildren({ path, level, ...props }: Omit<NodeProps, "entry"> & { path: string }) {
  const folder = useQuery({ queryKey: folderKey(props.browseKey, path), queryFn: () => props.loadFolder(path), staleTime: 5 * 60_000 });
  if (folder.isPending) {
    return (
      <li role="none" className="py-1" style={{ paddingLeft: `${level * 1.25 + 1.5}rem` }}>
        <span role="status" aria-label={`Loading ${path}`}>
          <Skeleton className="h-4 w-48" />
        </span>
      </li>
    );
  }
  if (folder.isError) {
    return (
      <li role="none" className="py-1 text-sm text-destructive" style={{ paddingLeft: `${level * 1.25 + 1.5}rem` }}>
        {errorMessage(folder.error, `Could not open ${path}`)}{" "}
        <button type="button" className="underline" onClick={() => void folder.refetch()}>
          Try again
        </button>
      </li>
    );
  }
  const entries = folder.data;
  if (entries.length === 0) {
    return (
      <li role="none" className="py-1 text-sm text-muted-foreground" style={{ paddingLeft: `${level * 1.25 + 1.5}rem` }}>
        Empty folder
      </li>
    );
  }
  const allTicked = entries.every((e) => ["checked", "implied"].includes(checkState(props.selection, e.path)));
  return (
    <>
      <li role="none" style={{ paddingLeft: `${level * 1.25 + 1.5}rem` }}>
        <button
          type="button"
          className="text-xs font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          onClick={() => props.onSelectionChange(toggleAllInFolder(props.selection, path, entries))}
        >
          {allTicked ? `Clear all in ${path}` : `Select all ${entries.length} in ${path}`}
        </button>
      </li>
      {entries.map((e) => (
        <TreeNode key={e.path} {...props} entry={e} level={level} />
      ))}
    </>
  );
}

function TreeNode(props: NodeProps) {
  const { entry, level, selection } = props;
  const [open, setOpen] = useState(() => props.initiallyOpen?.includes(entry.path) ?? false);
  const isDir = entry.type === "Directory";
  const state = checkState(selection, entry.path);
  const Icon = isDir ? Folder : entry.type === "Symlink" ? Link2 : File;
  return (
    <>
      <li role="treeitem" aria-label={entry.name} aria-level={level + 1} aria-expanded={isDir ? open : undefined} aria-selected={state === "checked" || state === "implied"} className="list-none">
        <div className={cn("flex items-center gap-2 rounded px-1 py-1 hover:bg-muted/60", state !== "none" && "bg-muted/40")} style={{ paddingLeft: `${level * 1.25}rem` }}>
          {isDir ? (
            <button
              type="button"
              aria-label={`${open ? "Collapse" : "Expand"} ${entry.name}`}
              className="rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              onClick={() => setOpen((o) => !o)}
            >
              {open ? <ChevronDown className="h-4 w-4" /> : <ChevronRight className="h-4 w-4" />}
            </button>
          ) : (
            <span className="w-4" />
          )}
          <Checkbox state={state} label={`Select ${entry.path}`} onToggle={() => props.onSelectionChange(toggle(selection, entry, props.childrenOf))} />
          <Icon className={cn("h-4 w-4 shrink-0", isDir ? "text-amber-500" : "text-muted-foreground")} aria-hidden />
          <span className="min-w-0 flex-1 truncate text-sm" title={entry.path}>
            {entry.name}
          </span>
          {!isDir ? <span className="hidden text-xs tabular-nums text-muted-foreground sm:inline">{formatBytes(entry.sizeBytes)}</span> : null}
          {entry.mtime ? (
            <span className="hidden text-xs text-muted-foreground lg:inline">
              <LocalTime value={entry.mtime} />
            </span>
          ) : null}
          {!isDir && props.onShowVersions ? (
            <Button variant="ghost" size="sm" className="h-7 px-2" aria-label={`Versions of ${entry.path}`} onClick={() => props.onShowVersions?.(entry)}>
              <History className="h-4 w-4" />
            </Button>
          ) : null}
          {!isDir && props.onDownloadFile ? (
            <Button variant="ghost" size="sm" className="h-7 px-2" aria-label={`Download ${entry.path}`} onClick={() => props.onDownloadFile?.(entry)}>
              <Download className="h-4 w-4" />
            </Button>
          ) : null}
        </div>
      </li>
      {isDir && open ? (
        <li role="none">
          <ul role="group">
            <FolderChildren {...props} path={entry.path} level={level + 1} />
          </ul>
        </li>
      ) : null}
    </>
  );
}

export function SelectionSummaryBar({ selection, restorePoint, onClear }: { selection: Selection; restorePoint?: ReactNode; onClear: () => void }) {
  const s = summarize(selection);
  if (s.items.length === 0) return <p className="text-sm text-muted-foreground">Nothing selected yet. Tick files and folders to restore.</p>;
  const parts = [s.files ? `${s.files} file${s.files === 1 ? "" : "s"}` : null, s.folders ? `${s.folders} folder${s.folders === 1 ? "" : "s"}` : null].filter(Boolean);
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" aria-live="polite">
      <span className="font-medium">{parts.join(" and ")} selected</span>
      {restorePoint ? <span>{restorePoint}</span> : null}
      {/* Sizes come from the file index when it reports them; "0 B" for unknown sizes would mislead. */}
      {s.items.some((i) => !i.isDirectory && i.sizeBytes !== undefined) ? <span className="text-muted-foreground">{formatBytes(s.knownBytes)} in files (folder sizes not counted)</span> : null}
      <Button variant="ghost" size="sm" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}

export function SnapshotBrowser(props: SnapshotBrowserProps) {
  const queryClient = useQueryClient();
  const childrenOf = (folder: string) => queryClient.getQueryData<BrowserEntry[]>(folderKey(props.browseKey, folder));
  const root = props.rootPath ?? "/";
  return (
    <ul role="tree" aria-label="Snapshot contents" aria-multiselectable className="max-h-[28rem] overflow-auto rounded-md border border-border p-2">
      <FolderChildren {...props} path={root} level={0} childrenOf={childrenOf} />
    </ul>
  );
}
