"use client";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { nextRun } from "@lifeboat/policy";
import {
  Badge, Button, EmptyState, ErrorState, Input, LoadMore, PageHeader, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton,
} from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { RunStatus } from "./run-status.tsx";

const usecs = (us: number | undefined) => (typeof us === "number" && us > 0 ? new Date(Math.floor(us / 1000)) : null);

export function GroupsView() {
  const trpc = useTRPC();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const [search, setSearch] = useState("");
  const [paused, setPaused] = useState<"" | "true" | "false">("");
  const debounced = useDebounced(search.trim(), 300);
  const list = useInfiniteQuery(
    trpc.protectionGroup.list.infiniteQueryOptions(
      { limit: 50, ...(debounced ? { search: debounced } : {}), filter: { includeLastRunInfo: true, ...(paused ? { isPaused: paused === "true" } : {}) } },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const policies = useQuery(trpc.policy.list.queryOptions({ limit: 100 }));
  const policyOf = (id: string | undefined) => policies.data?.items.find((p) => p.id === id);
  const groups = list.data?.pages.flatMap((p) => p.items) ?? [];
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Protection groups"
        description="What is backed up (hosts and paths) and by which policy. Next run times are estimated from the policy's schedule."
        actions={canEdit ? <Button asChild><Link href="/protection-groups/new"><Plus className="h-4 w-4" aria-hidden /> New group</Link></Button> : null}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <Input className="max-w-sm" type="search" placeholder="Search by name" aria-label="Search protection groups" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select aria-label="Paused filter" className="h-9 rounded-md border border-border bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" value={paused} onChange={(e) => setPaused(e.target.value as typeof paused)}>
          <option value="">Paused and active</option>
          <option value="false">Active only</option>
          <option value="true">Paused only</option>
        </select>
      </div>
      {list.isPending ? <TableSkeleton columns={5} /> : null}
      {list.isError ? <ErrorState message={errorMessage(list.error, "Could not load protection groups")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} /> : null}
      {list.isSuccess && groups.length === 0 ? (
        <EmptyState icon={<ShieldCheck />} title={debounced || paused ? "No protection group matches" : "No protection groups yet"} action={canEdit && !debounced && !paused ? <Button asChild><Link href="/protection-groups/new">Create a protection group</Link></Button> : undefined}>
          {debounced || paused ? <p>Change the search or the filter.</p> : <p>A group backs up chosen paths of registered hosts on a policy&apos;s schedule. Register a source and create a policy first.</p>}
        </EmptyState>
      ) : null}
      {groups.length > 0 ? (
        <Table aria-label="Protection groups">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Policy</TableHeaderCell>
              <TableHeaderCell>Last run</TableHeaderCell>
              <TableHeaderCell>Next run (estimated)</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {groups.map((g) => {
              const policy = policyOf(g.policyId);
              const last = g.lastRun?.localBackupInfo;
              const lastAt = usecs(last?.startTimeUsecs);
              const next = nextRun({ policy, isPaused: g.isPaused, createdAt: usecs(g.creationTimeUsecs), lastRunAt: lastAt, startTime: g.startTime, now });
              return (
                <TableRow key={g.id}>
                  <TableCell>
                    <Link href={`/protection-groups/${encodeURIComponent(g.id ?? "")}`} className="font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">{g.name}</Link>{" "}
                    {g.isPaused ? <Badge tone="warning">Paused</Badge> : null}
                    <span className="block text-xs text-muted-foreground">{g.physicalParams?.fileProtectionTypeParams?.objects?.length ?? 0} hosts</span>
                  </TableCell>
                  <TableCell className="max-w-md">
                    {policy ? <><span className="font-medium">{policy.name}</span><span className="block text-xs text-muted-foreground first-letter:uppercase">{policy.summary}</span></> : (g.policyId ?? "—")}
                  </TableCell>
                  <TableCell>{last ? <span className="flex flex-col gap-1"><RunStatus status={last.status} /><LocalTime value={lastAt} /></span> : <span className="text-muted-foreground">Never run</span>}</TableCell>
                  <TableCell>
                    {next.kind === "at" ? (next.at.getTime() <= now.getTime() + 60_000 ? "Due now" : <LocalTime value={next.at} />) : next.kind === "paused" ? <span className="text-muted-foreground">Paused</span> : <span className="text-muted-foreground">{next.reason}</span>}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
    </>
  );
}
