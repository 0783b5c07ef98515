import { Skeleton, TableSkeleton } from "@lifeboat/ui";

/** Shown by Next while a signed-in page renders on the server. */
export default function Loading() {
  return (
    <div className="flex flex-col gap-6" aria-busy>
      <div className="flex flex-col gap-2">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <TableSkeleton rows={6} columns={5} />
    </div>
  );
}
