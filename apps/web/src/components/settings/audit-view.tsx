"use client";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Field,
  Input,
  PageHeader,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  TableSkeleton,
} from "@lifeboat/ui";
import { LocalTime } from "@/components/local-time.tsx";
import { EMPTY_AUDIT_FILTERS, toAuditListInput, type AuditFilters } from "@/lib/audit-filters.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";

export function AuditView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const debounced = useDebounced(filters, 300);
  const query = toAuditListInput(debounced);
  const users = useQuery(trpc.user.list.queryOptions({ limit: 100 }));
  const list = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: 50, ...(query.ok ? query.input : {}) },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // While a new filter loads, the previous rows stay instead of flashing a skeleton.
        placeholderData: keepPreviousData,
        enabled: query.ok,
      },
    ),
  );
  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => setFilters((f) => ({ ...f, [key]: value }));
  const fieldError = (key: keyof AuditFilters) => (!query.ok && query.field === key ? query.message : undefined);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY_AUDIT_FILTERS);

  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the portal and every sign-in attempt, newest first. Times are in your time zone." />
      <form className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-6" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Procedure" hint='Exact, or a prefix ending in "." (user.)' className="xl:col-span-2" error={fieldError("procedure")}>
          <Input value={filters.procedure} onChange={(e) => set("procedure", e.target.value)} placeholder="e.g. auth.signIn" />
        </Field>
        <Field label="User">
          <Select value={filters.userId} onChange={(e) => set("userId", e.target.value)}>
            <option value="">Anyone</option>
            {users.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Outcome">
          <Select value={filters.outcome} onChange={(e) => set("outcome", e.target.value as AuditFilters["outcome"])}>
            <option value="">Any</option>
            <option value="ok">Succeeded</option>
            <option value="error">Failed</option>
          </Select>
        </Field>
        <Field label="From" error={fieldError("from")}>
          <Input type="datetime-local" step={1} value={filters.from} onChange={(e) => set("from", e.target.value)} />
        </Field>
        <Field label="To" error={fieldError("to")}>
          <Input type="datetime-local" step={1} value={filters.to} onChange={(e) => set("to", e.target.value)} />
        </Field>
      </form>
      {filtered ? (
        <div className="mb-4">
          <Button variant="ghost" size="sm" onClick={() => setFilters(EMPTY_AUDIT_FILTERS)}>
            Clear filters
          </Button>
        </div>
      ) : null}
      {query.ok && list.isPending ? <TableSkeleton columns={7} /> : null}
      {list.isError ? (
        <ErrorState message={errorMessage(list.error, "Could not load the audit log")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && rows.length === 0 ? (
        <EmptyState icon={<ScrollText />} title={filtered ? "No events match these filters" : "No events yet"}>
          {filtered ? <p>Widen the time range or clear a filter.</p> : null}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Audit events">
          <TableHead>
            <tr>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>Procedure</TableHeaderCell>
              <TableHeaderCell>Outcome</TableHeaderCell>
              <TableHeaderCell>Targets</TableHeaderCell>
              <TableHeaderCell className="text-right">Duration</TableHeaderCell>
              <TableHeaderCell>Client IP</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((e) => (
              <TableRow key={e.id}>
                <TableCell>
                  <LocalTime value={e.at} />
                </TableCell>
                <TableCell className="max-w-56 truncate" title={e.actor}>
                  {e.actor}
                </TableCell>
                <TableCell className="font-mono text-xs">{e.procedure}</TableCell>
                <TableCell>
                  {e.outcome === "ok" ? <Badge tone="success">ok</Badge> : <Badge tone="danger">{e.errorCode ?? "error"}</Badge>}
                  {e.upstreamRequestId ? <span className="block text-xs text-muted-foreground">req {e.upstreamRequestId}</span> : null}
                </TableCell>
                <TableCell className="max-w-56 truncate font-mono text-xs" title={e.targetIds.join(", ")}>
                  {e.targetIds.length ? e.targetIds.join(", ") : "—"}
                </TableCell>
                <TableCell className="text-right tabular-nums">{e.durationMs} ms</TableCell>
                <TableCell className="font-mono text-xs">{e.clientIp ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {list.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
    </>
  );
}
