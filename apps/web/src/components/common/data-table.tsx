"use client";
// The one list/table of the portal (see README.md in this folder): loading skeleton, error with
// "Try again", empty state, the table itself (TanStack Table columns; sortable headers with
// aria-sort when the server sorts), and "Load more" for cursor paging. Every list page renders
// its rows through it, so the states look and behave the same everywhere.
import { Button, EmptyState, ErrorState, LoadMore, Table, TableBody, TableCell, TableHead, TableRow, TableSkeleton, type EmptyStateProps } from "@lifeboat/ui";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type Row,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { SortableHeaderCell } from "./sortable-header.tsx";

declare module "@tanstack/react-table" {
  // Column classes: `className` for the cells, `headerClassName` for the <th> (defaults to className).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    className?: string;
    headerClassName?: string;
  }
}

/** What the table reads of a query: a TanStack (infinite) query result fits as it is. */
export interface ListQueryState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => unknown;
}

/** The server's sort order, as a column id and a direction; the page keeps it (in the URL). */
export interface ServerSort {
  id: string;
  desc: boolean;
}

export interface DataTableProps<T> {
  /** The table's accessible name ("Users"). */
  label: string;
  columns: ColumnDef<T, unknown>[];
  rows: T[];
  getRowId: (row: T) => string;
  query: ListQueryState;
  /** Shown when the query succeeded with no rows. */
  empty: EmptyStateProps;
  /** Error title; the message comes from the error itself. */
  errorTitle?: string;
  /** Server-side sorting: the headers of sortable columns become buttons with aria-sort. */
  sort?: { value: ServerSort | null; onChange: (next: ServerSort) => void } | undefined;
  /** Whole-row rendering for rows that need more than cells (an expandable detail row). */
  renderRow?: (row: Row<T>, cells: ReactNode) => ReactNode;
  /** `data-*` attributes of a row (e.g. where it came from, for tests and styling). */
  rowProps?: (row: T) => Record<`data-${string}`, string | undefined>;
  /** Label of the paging button (default "Load more"). */
  loadMoreLabel?: string;
  /** Hides the skeleton, e.g. while a filter is invalid and no query runs. */
  showSkeleton?: boolean;
}

export function DataTable<T>({
  label,
  columns,
  rows,
  getRowId,
  query,
  empty,
  errorTitle,
  sort,
  renderRow,
  rowProps,
  loadMoreLabel,
  showSkeleton = true,
}: DataTableProps<T>) {
  const sorting: SortingState = sort?.value ? [sort.value] : [];
  const table = useReactTable<T>({
    data: rows,
    columns,
    getRowId,
    state: { sorting },
    // The server sorts and pages; TanStack Table only keeps the header state.
    manualSorting: true,
    enableSorting: sort !== undefined,
    enableSortingRemoval: false,
    enableMultiSort: false,
    // The data changes with every page and live update: resetting would re-render in a loop.
    autoResetAll: false,
    onSortingChange: (updater) => {
      const [next] = typeof updater === "function" ? updater(sorting) : updater;
      if (next && sort) sort.onChange({ id: next.id, desc: next.desc });
    },
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <>
      {query.isPending && showSkeleton ? <TableSkeleton columns={Math.min(columns.length, 8)} /> : null}
      {query.isError ? (
        <ErrorState
          {...(errorTitle ? { title: errorTitle } : {})}
          message={errorMessage(query.error)}
          action={
            <Button variant="secondary" onClick={() => void query.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {!query.isPending && !query.isError && rows.length === 0 ? <EmptyState {...empty} /> : null}
      {rows.length > 0 ? (
        <Table aria-label={label}>
          <TableHead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeaderCell
                    key={header.id}
                    header={header}
                    className={header.column.columnDef.meta?.headerClassName ?? header.column.columnDef.meta?.className}
                  />
                ))}
              </tr>
            ))}
          </TableHead>
          <TableBody>
            {table.getRowModel().rows.map((row) => {
              const cells = row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </TableCell>
              ));
              return renderRow ? (
                renderRow(row, cells)
              ) : (
                <TableRow key={row.id} {...rowProps?.(row.original)}>
                  {cells}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      {query.fetchNextPage ? (
        <LoadMore
          list={{ hasNextPage: query.hasNextPage ?? false, isFetchingNextPage: query.isFetchingNextPage ?? false, fetchNextPage: query.fetchNextPage }}
          {...(loadMoreLabel ? { label: loadMoreLabel } : {})}
        />
      ) : null}
    </>
  );
}

/** The row-actions column: a right-aligned group of buttons, its header read only by screen readers. */
export function actionsColumn<T>(render: (row: T) => ReactNode): ColumnDef<T, unknown> {
  return {
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    enableSorting: false,
    cell: ({ row }) => <div className="flex justify-end gap-1">{render(row.original)}</div>,
  };
}

/** A column of a server-sorted table: the id is the server's sort key; figures sort descending first. */
export function sortableColumn<T>(id: string, header: string, cell: (row: T) => ReactNode, options: { descFirst?: boolean; className?: string } = {}): ColumnDef<T, unknown> {
  return {
    id,
    header,
    // TanStack offers sorting only for columns with an accessor; the server does the real sorting.
    accessorFn: () => null,
    sortDescFirst: options.descFirst ?? false,
    cell: ({ row }) => cell(row.original),
    ...(options.className ? { meta: { className: options.className } } : {}),
  };
}

/** A plain column: header and cell. */
export function column<T>(id: string, header: ColumnDef<T, unknown>["header"], cell: (row: T) => ReactNode, className?: string): ColumnDef<T, unknown> {
  return { id, header, enableSorting: false, cell: ({ row }) => cell(row.original), ...(className ? { meta: { className } } : {}) };
}
