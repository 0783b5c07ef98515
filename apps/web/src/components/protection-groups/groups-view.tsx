"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { nextRun } from "@lifeboat/policy";
import { Badge, Button, PageHeader } from "@lifeboat/ui";
import { column, DataTable } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter, TextFilter } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useShell } from "@/components/shell/shell-context.tsx";
import { usecsToDateOrNull } from "@/lib/format.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { RunStatus } from "./run-status.tsx";

type GroupRow = RouterOutputs["protectionGroup"]["list"]["items"][number];
const LINK = "font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function GroupsView() {
  const trpc = useTRPC();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const [search, setSearch] = useState("");
  const [paused, setPaused] = useState<"" | "true" | "false">("");
  const debounced = useDebounced(search.trim(), 300);
  const list = useInfiniteQuery(
    trpc.protectionGroup.list.infiniteQueryOptions(
      { limit: 50, ...(debounced ? { search: debounced } : {}), filter: { includeLastRunInfo: true, ...(paused ? { isPaused: paused === "true" } : {}) } },
      CURSOR_PAGES,
    ),
  );
  const policies = useQuery(trpc.policy.list.queryOptions({ limit: 100 }));
  const policyOf = (id: string | undefined) => policies.data?.items.find((p) => p.id === id);
  const groups = useRows(list);
  const now = new Date();
  const filtered = Boolean(debounced || paused);
  const create = (text: string) => (canEdit ? <Button asChild><Link href="/protection-groups/new">{text}</Link></Button> : undefined);
  const columns = [
    column<GroupRow>("name", "Name", (g) => (
      <>
        <Link href={`/protection-groups/${encodeURIComponent(g.id ?? "")}`} className={LINK}>{g.name}</Link>{" "}
        {g.isPaused ? <Badge tone="warning">Paused</Badge> : null}
        <span className="block text-xs text-muted-foreground">{g.physicalParams?.fileProtectionTypeParams?.objects?.length ?? 0} hosts</span>
      </>
    )),
    column<GroupRow>(
      "policy",
      "Policy",
      (g) => {
        const policy = policyOf(g.policyId);
        return policy ? <><span className="font-medium">{policy.name}</span><span className="block text-xs text-muted-foreground first-letter:uppercase">{policy.summary}</span></> : (g.policyId ?? "—");
      },
      "max-w-md",
    ),
    column<GroupRow>("lastRun", "Last run", (g) => {
      const last = g.lastRun?.localBackupInfo;
      return last ? <span className="flex flex-col gap-1"><RunStatus status={last.status} /><LocalTime value={usecsToDateOrNull(last.startTimeUsecs)} /></span> : <span className="text-muted-foreground">Never run</span>;
    }),
    column<GroupRow>("nextRun", "Next run (estimated)", (g) => {
      const next = nextRun({ policy: policyOf(g.policyId), isPaused: g.isPaused, createdAt: usecsToDateOrNull(g.creationTimeUsecs), lastRunAt: usecsToDateOrNull(g.lastRun?.localBackupInfo?.startTimeUsecs), startTime: g.startTime, now });
      if (next.kind === "at") return next.at.getTime() <= now.getTime() + 60_000 ? "Due now" : <LocalTime value={next.at} />;
      return <span className="text-muted-foreground">{next.kind === "paused" ? "Paused" : next.reason}</span>;
    }),
  ];
  return (
    <>
      <PageHeader
        title="Protection groups"
        description="What is backed up (hosts and paths) and by which policy. Next run times are estimated from the policy's schedule."
        actions={canEdit ? <Button asChild><Link href="/protection-groups/new"><Plus className="h-4 w-4" aria-hidden /> New group</Link></Button> : null}
      />
      <FilterBar label="Protection group filters">
        <TextFilter label="Search" placeholder="Search by name" value={search} onChange={setSearch} />
        <SelectFilter
          label="Paused filter"
          value={paused}
          onChange={setPaused}
          options={[
            ["false", "Active only"],
            ["true", "Paused only"],
          ]}
          any="Paused and active"
        />
      </FilterBar>
      <DataTable
        label="Protection groups"
        columns={columns}
        rows={groups}
        getRowId={(g) => g.id ?? ""}
        query={list}
        errorTitle="Could not load protection groups"
        empty={{
          icon: <ShieldCheck />,
          title: filtered ? "No protection group matches" : "No protection groups yet",
          action: filtered ? undefined : create("Create a protection group"),
          children: filtered ? <p>Change the search or the filter.</p> : <p>A group backs up chosen paths of registered hosts on a policy&apos;s schedule. Register a source and create a policy first.</p>,
        }}
      />
    </>
  );
}
