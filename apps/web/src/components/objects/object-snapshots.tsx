"use client";
// The restore points of one object (§9 GetObjectSnapshots), newest first, with a link into the
// restore wizard for operators.
import { Badge, Button, ErrorState, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton } from "@lifeboat/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { runTypeLabel, usecsToDateOrNull } from "@/lib/format.ts";
import { useCanOperate } from "@/components/common/use-can-operate.ts";

export const restoreHref = (objectId: number, snapshotId?: string) =>
  `/recoveries/new?objectId=${objectId}${snapshotId ? `&snapshotId=${encodeURIComponent(snapshotId)}` : ""}`;

const INDEX_TONE = { Done: "success", InProgress: "info", Error: "danger", NoIndex: "neutral" } as const;

export function ObjectSnapshots({ objectId, objectName }: { objectId: number; objectName: string }) {
  const trpc = useTRPC();
  const canOperate = useCanOperate();
  const snapshots = useQuery(trpc.object.snapshots.queryOptions({ id: objectId }));
  if (snapshots.isPending) return <TableSkeleton rows={3} columns={5} />;
  if (snapshots.isError) {
    return <ErrorState title={`Could not load the snapshots of ${objectName}`} message={errorMessage(snapshots.error)} action={<Button variant="secondary" size="sm" onClick={() => void snapshots.refetch()}>Try again</Button>} />;
  }
  const items = [...snapshots.data.items].sort((a, b) => (b.snapshotTimestampUsecs ?? 0) - (a.snapshotTimestampUsecs ?? 0));
  if (items.length === 0) {
    return <p className="py-2 text-sm text-muted-foreground">No snapshots of {objectName} yet. Add it to a protection group and run the group to create restore points.</p>;
  }
  return (
    <Table aria-label={`Snapshots of ${objectName}`}>
      <TableHead>
        <tr>
          <TableHeaderCell>Taken</TableHeaderCell>
          <TableHeaderCell>Protection group</TableHeaderCell>
          <TableHeaderCell>Type</TableHeaderCell>
          <TableHeaderCell>File index</TableHeaderCell>
          <TableHeaderCell>Expires</TableHeaderCell>
          <TableHeaderCell>
            <span className="sr-only">Actions</span>
          </TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {items.map((s) => (
          <TableRow key={s.id}>
            <TableCell>
              <LocalTime value={usecsToDateOrNull(s.snapshotTimestampUsecs)} />
            </TableCell>
            <TableCell>{s.protectionGroupName ?? s.protectionGroupId ?? "—"}</TableCell>
            <TableCell>{runTypeLabel(s.runType)}</TableCell>
            <TableCell>
              <Badge tone={INDEX_TONE[s.indexingStatus as keyof typeof INDEX_TONE] ?? "neutral"}>{s.indexingStatus ?? "unknown"}</Badge>
            </TableCell>
            <TableCell>
              <LocalTime value={usecsToDateOrNull(s.expiryTimeUsecs)} />
            </TableCell>
            <TableCell>
              {canOperate && s.id ? (
                <Button variant="secondary" size="sm" asChild>
                  <Link href={restoreHref(objectId, s.id)}>Restore files…</Link>
                </Button>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
