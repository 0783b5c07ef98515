"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  Badge, Button, ConfirmDialog, EmptyState, ErrorState, Input, LoadMore, PageHeader, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton, toast,
} from "@lifeboat/ui";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { plural } from "@lifeboat/policy";

type PolicyListRow = RouterOutputs["policy"]["list"]["items"][number];

/** The groups that still use a policy, named in the delete dialog (§Q 21: groups go first). */
function DeletePolicyDialog({ policy, onClose }: { policy: PolicyListRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 20, filter: { policyIds: [policy.id!] } }));
  const names = users.data?.items.map((g) => g.name ?? g.id) ?? [];
  const remove = useMutation(
    trpc.policy.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Policy "${policy.name}" deleted`);
        onClose();
        await queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() });
      },
      onError: (error) => toast.error(errorMessage(error, "Could not delete the policy")),
    }),
  );
  const blocked = names.length > 0;
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      title={`Delete policy ${policy.name}?`}
      confirmLabel={blocked ? "Delete anyway" : "Delete policy"}
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ id: policy.id! })}
    >
      {users.isPending ? <p>Checking which protection groups use it…</p> : null}
      {blocked ? (
        <p role="alert">
          It is still used by {names.length === 1 ? "the protection group" : `${names.length} protection groups`}{" "}
          <strong>{names.join(", ")}</strong>. The service refuses to delete a policy in use: delete those groups or move them to another
          policy first.
        </p>
      ) : users.isSuccess ? (
        <p>
          The schedule and retention rules of <strong>{policy.name}</strong> are removed for good. No protection group uses it, so no backups
          change and no snapshot is deleted.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

export function PoliciesView() {
  const trpc = useTRPC();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const list = useInfiniteQuery(
    trpc.policy.list.infiniteQueryOptions(
      { limit: 50, ...(debounced ? { search: debounced } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const [deleting, setDeleting] = useState<PolicyListRow | null>(null);
  const policies = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Policies"
        description="When backups run and how long snapshots are kept. Protection groups follow one policy each."
        actions={
          canEdit ? (
            <Button asChild>
              <Link href="/policies/new">
                <Plus className="h-4 w-4" aria-hidden /> New policy
              </Link>
            </Button>
          ) : null
        }
      />
      <div className="mb-4 max-w-sm">
        <Input type="search" placeholder="Search by name" aria-label="Search policies" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {list.isPending ? <TableSkeleton columns={4} /> : null}
      {list.isError ? (
        <ErrorState message={errorMessage(list.error, "Could not load policies")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && policies.length === 0 ? (
        <EmptyState
          icon={<CalendarClock />}
          title={debounced ? `No policy matches "${debounced}"` : "No policies yet"}
          action={canEdit && !debounced ? <Button asChild><Link href="/policies/new">Create the first policy</Link></Button> : undefined}
        >
          {debounced ? <p>Try another name.</p> : <p>A policy says when backups run and how long they are kept. Create one, then a protection group that uses it.</p>}
        </EmptyState>
      ) : null}
      {policies.length > 0 ? (
        <Table aria-label="Policies">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>What it does</TableHeaderCell>
              <TableHeaderCell>Used by</TableHeaderCell>
              <TableHeaderCell className="text-right">Actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {policies.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link href={`/policies/${encodeURIComponent(p.id ?? "")}`} className="font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                    {p.name}
                  </Link>
                  {p.description ? <span className="block text-xs text-muted-foreground">{p.description}</span> : null}
                </TableCell>
                <TableCell className="max-w-xl">
                  <span className="first-letter:uppercase block">{p.summary}</span>
                  {p.backupPolicy.regular.retention?.dataLockConfig ? <Badge tone="info" className="mt-1">DataLock</Badge> : null}
                </TableCell>
                <TableCell>
                  {p.numProtectionGroups === undefined ? "—" : p.numProtectionGroups === 0 ? <span className="text-muted-foreground">No groups</span> : plural(p.numProtectionGroups, "groups")}
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-1">
                    <Button variant="secondary" size="sm" asChild>
                      <Link href={`/policies/${encodeURIComponent(p.id ?? "")}`}>{canEdit ? "Edit" : "View"}</Link>
                    </Button>
                    {canEdit ? (
                      <Button variant="ghost" size="sm" aria-label={`Delete policy ${p.name}`} onClick={() => setDeleting(p)}>
                        <Trash2 className="h-4 w-4" aria-hidden />
                      </Button>
                    ) : null}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
      {deleting ? <DeletePolicyDialog policy={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}
