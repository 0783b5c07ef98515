"use client";
// Every indexed version of one file: which snapshots hold it, with size, modification time and
// snapshot time where the index reports them (index-entries.ts). `recovery.fileVersions` lists them
// from a Lifeboat engine; an upstream without it (NOT_IMPLEMENTED) falls back to the name search.
// Each version can be restored (the wizard switches to its restore point with the file selected) or
// downloaded.
import { Button, Dialog, ErrorState, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton } from "@lifeboat/ui";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorCode, errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { formatBytes } from "@/lib/format.ts";
import { fromFileVersions, versionsOf } from "./index-entries.ts";
import type { BrowserEntry } from "./snapshot-selection.ts";

export interface FileVersionsDialogProps {
  objectId: number;
  entry: BrowserEntry | null;
  onClose: () => void;
  /** Restore this version: the restore point `snapshotId` with this file selected. */
  onRestore?: ((snapshotId: string, entry: BrowserEntry) => void) | undefined;
  /** Download this version's bytes. */
  onDownload?: ((snapshotId: string, entry: BrowserEntry) => void) | undefined;
}

export function FileVersionsDialog({ objectId, entry, onClose, onRestore, onDownload }: FileVersionsDialogProps) {
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
              {onRestore || onDownload ? <TableHeaderCell><span className="sr-only">Actions</span></TableHeaderCell> : null}
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
                {(onRestore || onDownload) && v.snapshotId ? (
                  <TableCell className="whitespace-nowrap text-right">
                    {onRestore ? (
                      <Button variant="secondary" size="sm" aria-label={`Restore the version of restore point ${v.snapshotId}`} onClick={() => onRestore(v.snapshotId!, v.entry)}>
                        Restore
                      </Button>
                    ) : null}{" "}
                    {onDownload ? (
                      <Button variant="ghost" size="sm" aria-label={`Download the version of restore point ${v.snapshotId}`} onClick={() => onDownload(v.snapshotId!, v.entry)}>
                        <Download className="h-4 w-4" aria-hidden /> Download
                      </Button>
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Dialog>
  );
}
