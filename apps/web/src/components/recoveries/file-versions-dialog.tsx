"use client";
// Every indexed version of one file: which snapshots hold it, with size, modification time and
// snapshot time where the index reports them (index-entries.ts). `recovery.fileVersions` lists them
// from a Lifeboat engine; an upstream without it (NOT_IMPLEMENTED) falls back to the name search.
import { Dialog, ErrorState, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton } from "@lifeboat/ui";
import { useQuery } from "@tanstack/react-query";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorCode, errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { formatBytes } from "@/lib/format.ts";
import { fromFileVersions, versionsOf } from "./index-entries.ts";
import type { BrowserEntry } from "./snapshot-selection.ts";

export function FileVersionsDialog({ objectId, entry, onClose }: { objectId: number; entry: BrowserEntry | null; onClose: () => void }) {
  const trpc = useTRPC();
  const listed = useQuery(
    trpc.recovery.fileVersions.queryOptions({ objectId, path: entry?.path ?? "/" }, { enabled: entry !== null, retry: false }),
  );
  const unsupported = listed.isError && errorCode(listed.error) === "NOT_IMPLEMENTED";
  const searched = useQuery(
    trpc.object.searchFiles.queryOptions(
      { objectType: "Files", fileParams: { searchString: entry?.name ?? "", objectIds: [objectId] }, limit: 100 },
      { enabled: entry !== null && unsupported },
    ),
  );
  const hits = unsupported ? searched : listed;
  const versions = !entry
    ? []
    : unsupported
      ? versionsOf(searched.data?.items ?? [], entry.path)
      : fromFileVersions(listed.data?.items ?? [], entry);
  return (
    <Dialog open={entry !== null} onOpenChange={(o) => !o && onClose()} title={`Versions of ${entry?.name ?? ""}`} description={entry?.path}>
      {hits.isPending ? <TableSkeleton rows={3} columns={3} /> : null}
      {hits.isError ? <ErrorState message={errorMessage(hits.error, "Could not list the versions")} /> : null}
      {hits.isSuccess && versions.length === 0 ? <p className="text-sm text-muted-foreground">The index holds no other version of this file.</p> : null}
      {versions.length > 0 ? (
        <Table aria-label="Versions">
          <TableHead>
            <tr>
              <TableHeaderCell>Snapshot</TableHeaderCell>
              <TableHeaderCell className="text-right">Size</TableHeaderCell>
              <TableHeaderCell>Modified</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {versions.map((v, i) => (
              <TableRow key={`${v.snapshotId ?? ""}-${i}`}>
                <TableCell>{v.snapshotTime ? <LocalTime value={v.snapshotTime} /> : (v.snapshotId ?? "—")}</TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(v.entry.sizeBytes)}</TableCell>
                <TableCell>
                  <LocalTime value={v.entry.mtime ?? null} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Dialog>
  );
}
