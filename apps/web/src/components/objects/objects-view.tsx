"use client";
// Registered and protected objects (§9 SearchObjects): search by name (server-side, a trailing *
// means "starts with"), environment and protection state, cursor-paged; a row opens its snapshots.
// The filters live in the URL (`/objects?q=web&environment=kPhysical&protection=unprotected`).
import { Badge, Button, PageHeader, TableRow } from "@lifeboat/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Search } from "lucide-react";
import { debounce, useQueryStates } from "nuqs";
import { Fragment, useMemo, useState } from "react";
import { column, DataTable } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter, TextFilter } from "@/components/common/list-filters.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { formatBytes } from "@/lib/format.ts";
import { clearedFilters, isFiltered, objectListKeys, objectListParams } from "@/lib/list-params.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { ObjectSnapshots } from "./object-snapshots.tsx";

type ObjectRow = RouterOutputs["object"]["search"]["items"][number];
const ENV_LABEL: Record<string, string> = { kPhysical: "Physical host", kSQL: "SQL Server" };

export function ObjectsView() {
  const trpc = useTRPC();
  // Selects write the URL at once; typing replaces it after a pause (not one history entry per key).
  const [filters, setFilters] = useQueryStates(objectListParams, { urlKeys: objectListKeys, history: "replace" });
  const debounced = useDebounced(filters, 300);
  const [openId, setOpenId] = useState<number | null>(null);
  const search = debounced.search.trim();
  const list = useInfiniteQuery(
    trpc.object.search.infiniteQueryOptions(
      {
        limit: 50,
        ...(search ? { searchString: search } : {}),
        filter: {
          ...(debounced.environment ? { environments: [debounced.environment] } : {}),
          ...(debounced.protection ? { isProtected: debounced.protection === "protected" } : {}),
        },
      },
      CURSOR_PAGES,
    ),
  );
  const rows = useRows(list);
  const filtered = isFiltered(objectListParams, filters);
  const columns = useMemo(
    () => [
      column<ObjectRow>("name", "Name", (o) => o.name ?? o.id, "font-medium"),
      column<ObjectRow>("environment", "Environment", (o) => ENV_LABEL[o.environment ?? ""] ?? o.environment ?? "—"),
      column<ObjectRow>("source", "Source", (o) => o.sourceInfo?.name ?? (o.sourceId !== undefined ? `#${o.sourceId}` : "—")),
      column<ObjectRow>("protection", "Protection", (o) => {
        const groups = (o.objectProtectionInfos ?? []).flatMap((p) => p.protectionGroups ?? []);
        const protectedBy = [...new Set(groups.map((g) => g.name ?? g.id ?? ""))].filter(Boolean);
        return protectedBy.length > 0 ? (
          <Badge tone="success" title={protectedBy.join(", ")}>
            Protected · {protectedBy.length === 1 ? protectedBy[0] : `${protectedBy.length} groups`}
          </Badge>
        ) : (
          <Badge tone="warning">Not protected</Badge>
        );
      }),
      column<ObjectRow>("size", "Size", (o) => formatBytes(o.logicalSizeBytes), "text-right tabular-nums"),
      column<ObjectRow>("snapshots", "Snapshots", (o) => {
        if (o.id === undefined) return null;
        const open = openId === o.id;
        return (
          <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setOpenId(open ? null : (o.id ?? null))}>
            {open ? <ChevronDown className="h-4 w-4" aria-hidden /> : <ChevronRight className="h-4 w-4" aria-hidden />}
            {open ? "Hide snapshots" : "Show snapshots"}
          </Button>
        );
      }),
    ],
    [openId],
  );

  return (
    <>
      <PageHeader title="Objects" description="Hosts and databases registered with the backup service, whether protected, and their restore points." />
      <FilterBar label="Object filters" onClear={filtered ? () => void setFilters(clearedFilters(objectListParams)) : undefined}>
        <TextFilter
          label="Name"
          hint="Part of the name; end with * for names that start with it"
          className="xl:col-span-2"
          value={filters.search}
          onChange={(search) => void setFilters({ search }, { limitUrlUpdates: debounce(300) })}
          placeholder="e.g. web-01 or db*"
        />
        <SelectFilter
          label="Environment"
          value={filters.environment}
          onChange={(environment) => void setFilters({ environment })}
          options={[
            ["kPhysical", "Physical host"],
            ["kSQL", "SQL Server"],
          ]}
        />
        <SelectFilter
          label="Protection"
          value={filters.protection}
          onChange={(protection) => void setFilters({ protection })}
          options={[
            ["protected", "Protected"],
            ["unprotected", "Not protected"],
          ]}
        />
      </FilterBar>
      <DataTable
        label="Objects"
        columns={columns}
        rows={rows}
        getRowId={(o) => String(o.id)}
        query={list}
        errorTitle="Could not search objects"
        empty={{
          icon: <Search />,
          title: filtered ? "No objects match" : "No objects registered yet",
          children: <p>{filtered ? "Check the spelling, try a shorter name, or clear a filter." : "Register a host under Sources; its volumes and databases appear here."}</p>,
        }}
        renderRow={(row, cells) => (
          <Fragment key={row.id}>
            <TableRow>{cells}</TableRow>
            {openId === row.original.id && row.original.id !== undefined ? (
              <tr>
                <td colSpan={6} className="bg-muted/30 px-4 py-3">
                  <ObjectSnapshots objectId={row.original.id} objectName={row.original.name ?? String(row.original.id)} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        )}
      />
    </>
  );
}
