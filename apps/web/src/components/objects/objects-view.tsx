"use client";
// Registered and protected objects (§9 SearchObjects): search by name (server-side, a trailing *
// means "starts with"), environment and protection state, cursor-paged; a row opens its snapshots.
import {
  Badge, Button, EmptyState, ErrorState, Field, Input, LoadMore, PageHeader, Select, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton,
} from "@lifeboat/ui";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Search } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useEffect, useRef, useState } from "react";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { formatBytes } from "../runs/run-format.ts";
import { EMPTY_OBJECT_FILTERS, objectFiltersQuery, parseObjectFilters, sameObjectFilters, type ObjectFilters } from "./object-filters.ts";
import { ObjectSnapshots } from "./object-snapshots.tsx";

type Filters = ObjectFilters;
const EMPTY = EMPTY_OBJECT_FILTERS;
const ENV_LABEL: Record<string, string> = { kPhysical: "Physical host", kSQL: "SQL Server" };

export function ObjectsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const fromUrl = parseObjectFilters(params);
  const [filters, setFilters] = useState<Filters>(fromUrl);
  const debounced = useDebounced(filters, 300);
  // The URL is the source of truth for links (dashboard tiles, back/forward): follow it when it
  // changes from outside, and write the (debounced) filters back with replace, not a new entry.
  const urlQuery = objectFiltersQuery(fromUrl);
  const written = useRef(urlQuery);
  useEffect(() => {
    if (urlQuery === written.current) return; // our own write: the user may have typed on since
    written.current = urlQuery;
    setFilters(parseObjectFilters(new URLSearchParams(urlQuery)));
  }, [urlQuery]);
  useEffect(() => {
    const q = objectFiltersQuery(debounced);
    if (q === written.current) return;
    written.current = q;
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  }, [debounced, pathname, router]);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useInfiniteQuery(
    trpc.object.search.infiniteQueryOptions(
      {
        limit: 50,
        ...(debounced.search.trim() ? { searchString: debounced.search.trim() } : {}),
        filter: {
          ...(debounced.environment ? { environments: [debounced.environment] } : {}),
          ...(debounced.protection ? { isProtected: debounced.protection === "protected" } : {}),
        },
      },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !sameObjectFilters(filters, EMPTY);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <>
      <PageHeader title="Objects" description="Hosts and databases registered with the backup service, whether protected, and their restore points." />
      <form className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label="Object filters" onSubmit={(e) => e.preventDefault()} role="search">
        <Field label="Name" hint="Part of the name; end with * for names that start with it" className="xl:col-span-2">
          <Input value={filters.search} onChange={(e) => set("search", e.target.value)} placeholder="e.g. web-01 or db*" maxLength={500} />
        </Field>
        <Field label="Environment">
          <Select value={filters.environment} onChange={(e) => set("environment", e.target.value as Filters["environment"])}>
            <option value="">Any</option>
            <option value="kPhysical">Physical host</option>
            <option value="kSQL">SQL Server</option>
          </Select>
        </Field>
        <Field label="Protection">
          <Select value={filters.protection} onChange={(e) => set("protection", e.target.value as Filters["protection"])}>
            <option value="">Any</option>
            <option value="protected">Protected</option>
            <option value="unprotected">Not protected</option>
          </Select>
        </Field>
      </form>
      {filtered ? (
        <div className="mb-4">
          <Button variant="ghost" size="sm" onClick={() => setFilters(EMPTY)}>
            Clear filters
          </Button>
        </div>
      ) : null}
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? (
        <ErrorState title="Could not search objects" message={errorMessage(list.error)} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && rows.length === 0 ? (
        <EmptyState icon={<Search />} title={filtered ? "No objects match" : "No objects registered yet"}>
          <p>{filtered ? "Check the spelling, try a shorter name, or clear a filter." : "Register a host under Sources; its volumes and databases appear here."}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Objects">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Environment</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
              <TableHeaderCell>Protection</TableHeaderCell>
              <TableHeaderCell className="text-right">Size</TableHeaderCell>
              <TableHeaderCell>Snapshots</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((o) => {
              const groups = (o.objectProtectionInfos ?? []).flatMap((p) => p.protectionGroups ?? []);
              const protectedBy = [...new Set(groups.map((g) => g.name ?? g.id ?? ""))].filter(Boolean);
              const open = openId === o.id;
              return (
                <Fragment key={o.id}>
                  <TableRow>
                    <TableCell className="font-medium">{o.name ?? o.id}</TableCell>
                    <TableCell>{ENV_LABEL[o.environment ?? ""] ?? o.environment ?? "—"}</TableCell>
                    <TableCell>{o.sourceInfo?.name ?? (o.sourceId !== undefined ? `#${o.sourceId}` : "—")}</TableCell>
                    <TableCell>
                      {protectedBy.length > 0 ? (
                        <Badge tone="success" title={protectedBy.join(", ")}>
                          Protected · {protectedBy.length === 1 ? protectedBy[0] : `${protectedBy.length} groups`}
                        </Badge>
                      ) : (
                        <Badge tone="warning">Not protected</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatBytes(o.logicalSizeBytes)}</TableCell>
                    <TableCell>
                      {o.id !== undefined ? (
                        <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setOpenId(open ? null : (o.id ?? null))}>
                          {open ? <ChevronDown className="h-4 w-4" aria-hidden /> : <ChevronRight className="h-4 w-4" aria-hidden />}
                          {open ? "Hide snapshots" : "Show snapshots"}
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                  {open && o.id !== undefined ? (
                    <tr>
                      <td colSpan={6} className="bg-muted/30 px-4 py-3">
                        <ObjectSnapshots objectId={o.id} objectName={o.name ?? String(o.id)} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
    </>
  );
}
