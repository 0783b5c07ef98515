"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { CalendarClock, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge, Button, ConfirmDialog, PageHeader } from "@lifeboat/ui";
import { actionsColumn, column, DataTable } from "@/components/common/data-table.tsx";
import { SearchBox } from "@/components/common/list-filters.tsx";
import { useListMutation } from "@/components/common/row-action.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useShell } from "@/components/shell/shell-context.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { plural } from "@lifeboat/policy";

type PolicyListRow = RouterOutputs["policy"]["list"]["items"][number];

const policyHref = (p: PolicyListRow) => `/policies/${encodeURIComponent(p.id ?? "")}`;

/** The groups that still use a policy, named in the delete dialog (§Q 21: groups go first). */
function DeletePolicyDialog({ policy, onClose }: { policy: PolicyListRow; onClose: () => void }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 20, filter: { policyIds: [policy.id!] } }));
  const names = users.data?.items.map((g) => g.name ?? g.id) ?? [];
  const remove = useListMutation(trpc.policy.delete.mutationOptions(), {
    success: `Policy "${policy.name}" deleted`,
    failure: "Could not delete the policy",
    invalidate: trpc.policy.pathKey(),
    onDone: onClose,
  });
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
  const list = useInfiniteQuery(trpc.policy.list.infiniteQueryOptions({ limit: 50, ...(debounced ? { search: debounced } : {}) }, CURSOR_PAGES));
  const [deleting, setDeleting] = useState<PolicyListRow | null>(null);
  const policies = useRows(list);
  const columns = useMemo(
    () => [
      column<PolicyListRow>("name", "Name", (p) => (
        <>
          <Link href={policyHref(p)} className="font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            {p.name}
          </Link>
          {p.description ? <span className="block text-xs text-muted-foreground">{p.description}</span> : null}
        </>
      )),
      column<PolicyListRow>(
        "sentence",
        "What it does",
        (p) => (
          <>
            <span className="first-letter:uppercase block">{p.summary}</span>
            {p.backupPolicy.regular.retention?.dataLockConfig ? <Badge tone="info" className="mt-1">DataLock</Badge> : null}
          </>
        ),
        "max-w-xl",
      ),
      column<PolicyListRow>("usedBy", "Used by", (p) =>
        p.numProtectionGroups === undefined ? "—" : p.numProtectionGroups === 0 ? <span className="text-muted-foreground">No groups</span> : plural(p.numProtectionGroups, "groups"),
      ),
      actionsColumn<PolicyListRow>((p) => (
        <>
          <Button variant="secondary" size="sm" asChild>
            <Link href={policyHref(p)}>{canEdit ? "Edit" : "View"}</Link>
          </Button>
          {canEdit ? (
            <Button variant="ghost" size="sm" aria-label={`Delete policy ${p.name}`} onClick={() => setDeleting(p)}>
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          ) : null}
        </>
      )),
    ],
    [canEdit],
  );
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
      <SearchBox label="Search policies" placeholder="Search by name" value={search} onChange={setSearch} />
      <DataTable
        label="Policies"
        columns={columns}
        rows={policies}
        getRowId={(p) => p.id ?? ""}
        query={list}
        errorTitle="Could not load policies"
        empty={{
          icon: <CalendarClock />,
          title: debounced ? `No policy matches "${debounced}"` : "No policies yet",
          action: canEdit && !debounced ? <Button asChild><Link href="/policies/new">Create the first policy</Link></Button> : undefined,
          children: debounced ? <p>Try another name.</p> : <p>A policy says when backups run and how long they are kept. Create one, then a protection group that uses it.</p>,
        }}
      />
      {deleting ? <DeletePolicyDialog policy={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}
