// @vitest-environment happy-dom
// A server-sorted table's headers: aria-sort shows the current order, a click asks for the column's
// first direction (descending for figures, ascending for names), a second click flips it, and the
// state only changes through the owner (manual sorting: the server sorts, the URL holds the state).
import { Table, TableHead } from "@lifeboat/ui";
import { getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SortableHeaderCell } from "@/components/common/sortable-header.tsx";

afterEach(cleanup);

interface Row {
  name: string;
  bytes: number;
}
const columns: ColumnDef<Row>[] = [
  // TanStack sorts (here: offers sorting) only columns with an accessor.
  { id: "name", accessorFn: (r) => r.name, header: "Name", sortDescFirst: false },
  { id: "bytes", accessorFn: (r) => r.bytes, header: "Written", sortDescFirst: true },
  { id: "actions", header: "Actions", enableSorting: false },
];

function Harness({ onSort }: { onSort: (s: SortingState) => void }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const table = useReactTable<Row>({
    data: [{ name: "b", bytes: 2 }, { name: "a", bytes: 1 }],
    columns,
    state: { sorting },
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      onSort(next);
      setSorting(next);
    },
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <Table aria-label="Things">
      <TableHead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <SortableHeaderCell key={h.id} header={h} />
            ))}
          </tr>
        ))}
      </TableHead>
      <tbody>
        {/* Manual sorting: rows stay in the order the server sent them. */}
        {table.getRowModel().rows.map((r) => (
          <tr key={r.id}>
            <td>{r.original.name}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const th = (name: string) => screen.getByRole("columnheader", { name: new RegExp(name) });

describe("SortableHeaderCell", () => {
  it("marks the sorted column with aria-sort and the others as sortable but unsorted", () => {
    render(<Harness onSort={() => {}} />);
    expect(th("Name").getAttribute("aria-sort")).toBe("ascending");
    expect(th("Written").getAttribute("aria-sort")).toBe("none");
    // Not sortable: no aria-sort and no button.
    expect(th("Actions").getAttribute("aria-sort")).toBeNull();
    expect(screen.queryByRole("button", { name: "Actions" })).toBeNull();
    expect(screen.getAllByRole("row").slice(1).map((r) => r.textContent)).toEqual(["b", "a"]);
  });

  it("asks for a figure column descending first, then flips it, and never drops the sort", () => {
    const onSort = vi.fn();
    render(<Harness onSort={onSort} />);
    fireEvent.click(screen.getByRole("button", { name: "Written" }));
    expect(onSort).toHaveBeenLastCalledWith([{ id: "bytes", desc: true }]);
    expect(th("Written").getAttribute("aria-sort")).toBe("descending");
    expect(th("Name").getAttribute("aria-sort")).toBe("none");
    fireEvent.click(screen.getByRole("button", { name: "Written" }));
    expect(onSort).toHaveBeenLastCalledWith([{ id: "bytes", desc: false }]);
    expect(th("Written").getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(screen.getByRole("button", { name: "Written" }));
    expect(onSort).toHaveBeenLastCalledWith([{ id: "bytes", desc: true }]);
  });

  it("asks for a name column ascending first", () => {
    const onSort = vi.fn();
    render(<Harness onSort={onSort} />);
    fireEvent.click(screen.getByRole("button", { name: "Written" }));
    fireEvent.click(screen.getByRole("button", { name: "Name" }));
    expect(onSort).toHaveBeenLastCalledWith([{ id: "name", desc: false }]);
    expect(th("Name").getAttribute("aria-sort")).toBe("ascending");
  });
});
