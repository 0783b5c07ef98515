"use client";
// Wizard step 1 — find what to restore: search the file index across snapshots by name, or pick a
// protected host and a restore point on the timeline of its snapshots.
import { Badge, Button, EmptyState, ErrorState, Field, Input, TableSkeleton, cn } from "@lifeboat/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { File, Folder, Search } from "lucide-react";
import { useEffect, useState } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { formatBytes, runTypeLabel, usecsToDateOrNull } from "@/lib/format.ts";
import { readIndexedFile, type IndexedHit } from "./index-entries.ts";

export interface Picked {
  objectId: number;
  objectName: string;
  snapshotId: string | null;
  /** A file found by search, ticked when the browser opens. */
  preselect?: IndexedHit["entry"] | undefined;
}

function FileSearch({ onPick }: { onPick: (p: Picked) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const needle = useDebounced(text.trim(), 300);
  const hits = useQuery(
    trpc.object.searchFiles.queryOptions({ objectType: "Files", fileParams: { searchString: needle }, limit: 50 }, { enabled: needle.length >= 2, placeholderData: keepPreviousData }),
  );
  const items = (hits.data?.items ?? []).map(readIndexedFile).filter((h): h is IndexedHit => h !== null);
  return (
    <div className="flex flex-col gap-3">
      <Field label="File or folder name" hint="At least two characters; searches the file index of every snapshot">
        <Input value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. invoice-2024.pdf" maxLength={500} />
      </Field>
      {needle.length >= 2 && hits.isPending ? <TableSkeleton rows={3} columns={3} /> : null}
      {hits.isError ? <ErrorState title="The file search failed" message={errorMessage(hits.error)} /> : null}
      {hits.isSuccess && items.length === 0 ? <p className="text-sm text-muted-foreground">Nothing in the index matches “{needle}”. Try part of the name, or pick the host and a restore point instead.</p> : null}
      {items.length > 0 ? (
        <ul className="divide-y divide-border rounded-md border border-border" aria-label="Files found">
          {items.map((h, i) => (
            <li key={`${h.entry.path}-${h.snapshotId ?? i}`}>
              <button
                type="button"
                disabled={h.hostId === null}
                className="flex w-full items-center gap-3 px-3 py-2 text-left hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
                onClick={() => h.hostId !== null && onPick({ objectId: h.hostId, objectName: h.hostName ?? `#${h.hostId}`, snapshotId: h.snapshotId, preselect: h.entry })}
              >
                {h.entry.type === "Directory" ? <Folder className="h-4 w-4 text-amber-500" aria-hidden /> : <File className="h-4 w-4" aria-hidden />}
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{h.entry.name}</span>
                  <span className="block truncate text-xs text-muted-foreground">
                    {h.entry.path} on {h.hostName ?? "unknown host"}
                    {h.protectionGroupName ? ` · ${h.protectionGroupName}` : ""}
                  </span>
                </span>
                {h.entry.sizeBytes !== undefined ? <span className="text-xs tabular-nums">{formatBytes(h.entry.sizeBytes)}</span> : null}
                {h.snapshotTime ? <LocalTime value={h.snapshotTime} /> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Restore points of one host on a time line (position by time), plus the same as a list. */
export function SnapshotTimeline({ objectId, selected, onSelect, autoSelectNewest = false }: { objectId: number; selected: string | null; onSelect: (snapshotId: string) => void; autoSelectNewest?: boolean }) {
  const trpc = useTRPC();
  const snaps = useQuery(trpc.object.snapshots.queryOptions({ id: objectId }));
  const newest = snaps.data?.items.filter((s) => s.id).sort((a, b) => (b.snapshotTimestampUsecs ?? 0) - (a.snapshotTimestampUsecs ?? 0))[0]?.id;
  useEffect(() => {
    if (autoSelectNewest && selected === null && newest) onSelect(newest);
  }, [autoSelectNewest, selected, newest, onSelect]);
  if (snaps.isPending) return <TableSkeleton rows={2} columns={3} />;
  if (snaps.isError) return <ErrorState title="Could not load the restore points" message={errorMessage(snaps.error)} />;
  const items = snaps.data.items.filter((s) => s.id).sort((a, b) => (a.snapshotTimestampUsecs ?? 0) - (b.snapshotTimestampUsecs ?? 0));
  if (items.length === 0) return <p className="text-sm text-muted-foreground">This host has no restore points yet. Run its protection group first.</p>;
  const first = items[0]?.snapshotTimestampUsecs ?? 0;
  const span = Math.max(1, (items.at(-1)?.snapshotTimestampUsecs ?? 0) - first);
  return (
    <div className="flex flex-col gap-3">
      <div className="relative mx-3 h-10" aria-hidden>
        <div className="absolute top-1/2 h-0.5 w-full bg-border" />
        {items.map((s) => (
          <span
            key={s.id}
            className={cn("absolute top-1/2 h-3 w-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-background", s.id === selected ? "h-4 w-4 bg-primary" : "bg-muted-foreground")}
            style={{ left: `${(((s.snapshotTimestampUsecs ?? first) - first) / span) * 100}%` }}
          />
        ))}
      </div>
      <div role="radiogroup" aria-label="Restore points" className="flex max-h-56 flex-col gap-1 overflow-auto">
        {[...items].reverse().map((s) => (
          <label key={s.id} className={cn("flex cursor-pointer items-center gap-3 rounded-md border border-border px-3 py-2 text-sm focus-within:ring-2 focus-within:ring-ring", s.id === selected && "border-primary bg-primary/5")}>
            <input type="radio" name="restore-point" className="accent-primary" checked={s.id === selected} onChange={() => s.id && onSelect(s.id)} />
            <LocalTime value={usecsToDateOrNull(s.snapshotTimestampUsecs)} />
            <span className="text-muted-foreground">{s.protectionGroupName ?? s.protectionGroupId}</span>
            <span className="text-muted-foreground">{runTypeLabel(s.runType)}</span>
            {s.indexingStatus !== "Done" ? <Badge tone="warning">file index: {s.indexingStatus ?? "unknown"}</Badge> : null}
          </label>
        ))}
      </div>
    </div>
  );
}

function HostPicker({ onPick }: { onPick: (p: Picked) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const needle = useDebounced(text.trim(), 300);
  const hosts = useQuery(trpc.object.searchProtected.queryOptions({ limit: 50, ...(needle ? { searchString: needle } : {}) }, { placeholderData: keepPreviousData }));
  const items = hosts.data?.items ?? [];
  return (
    <div className="flex flex-col gap-3">
      <Field label="Protected host">
        <Input value={text} onChange={(e) => setText(e.target.value)} placeholder="Filter by name" maxLength={500} />
      </Field>
      {hosts.isPending ? <TableSkeleton rows={3} columns={2} /> : null}
      {hosts.isError ? <ErrorState title="Could not list protected hosts" message={errorMessage(hosts.error)} /> : null}
      {hosts.isSuccess && items.length === 0 ? (
        <EmptyState icon={<Search />} title="No protected hosts">
          <p>Only hosts in a protection group have restore points. Protect a host first, or clear the filter.</p>
        </EmptyState>
      ) : null}
      <div role="group" aria-label="Protected hosts" className="flex flex-wrap gap-2">
        {items.map((o) =>
          o.id !== undefined ? (
            <Button key={o.id} variant="secondary" onClick={() => onPick({ objectId: o.id ?? 0, objectName: o.name ?? String(o.id), snapshotId: null })}>
              {o.name ?? o.id}
            </Button>
          ) : null,
        )}
      </div>
    </div>
  );
}

export function FindStep({ onPick }: { onPick: (p: Picked) => void }) {
  const [how, setHow] = useState<"search" | "browse">("search");
  return (
    <div className="flex flex-col gap-4">
      <div role="tablist" aria-label="How to find it" className="inline-flex w-fit rounded-md border border-border p-0.5">
        {(["search", "browse"] as const).map((h) => (
          <button
            key={h}
            role="tab"
            type="button"
            aria-selected={how === h}
            className={cn("rounded px-3 py-1.5 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring", how === h ? "bg-primary text-primary-foreground" : "hover:bg-muted")}
            onClick={() => setHow(h)}
          >
            {h === "search" ? "Search by file name" : "Pick a host and restore point"}
          </button>
        ))}
      </div>
      {how === "search" ? <FileSearch onPick={onPick} /> : <HostPicker onPick={onPick} />}
    </div>
  );
}
