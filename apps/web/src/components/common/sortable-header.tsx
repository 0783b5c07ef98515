"use client";
// Column headers of a server-sorted table (TanStack Table with `manualSorting`: the table keeps the
// sort state, the server does the sorting). A sortable header is a button inside the <th>, and the
// <th> carries aria-sort, so screen readers announce both the control and the current order.
import { TableHeaderCell } from "@lifeboat/ui";
import { flexRender, type Header } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

export function SortableHeaderCell<T>({ header, className }: { header: Header<T, unknown>; className?: string | undefined }) {
  const label = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
  if (!header.column.getCanSort()) return <TableHeaderCell className={className}>{label}</TableHeaderCell>;
  const sorted = header.column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
  const next = header.column.getNextSortingOrder();
  return (
    <TableHeaderCell className={className} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}>
      <button
        type="button"
        onClick={header.column.getToggleSortingHandler()}
        title={next ? `Sort ${next === "asc" ? "ascending" : "descending"}` : undefined}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {label}
        <Icon aria-hidden className={sorted ? "h-3.5 w-3.5 text-foreground" : "h-3.5 w-3.5 opacity-50"} />
      </button>
    </TableHeaderCell>
  );
}
