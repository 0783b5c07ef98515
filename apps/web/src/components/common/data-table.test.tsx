// @vitest-environment happy-dom
// The shared list: each state (loading, error, empty, rows), server sorting through the headers
// (aria-sort, one callback with the column's first direction), "Load more", and a confirmed row
// action that runs its mutation on the row it named, then refreshes the list.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { actionsColumn, column, DataTable, sortableColumn, type ListQueryState } from "./data-table.tsx";
import { RowConfirmDialog, useRowConfirm } from "./row-action.tsx";

afterEach(cleanup);

interface Row {
  id: string;
  name: string;
  bytes: number;
}
const ROWS: Row[] = [
  { id: "a", name: "alpha", bytes: 2 },
  { id: "b", name: "beta", bytes: 1 },
];
const columns = [
  sortableColumn<Row>("name", "Name", (r) => r.name),
  sortableColumn<Row>("bytes", "Written", (r) => `${r.bytes} B`, { descFirst: true, className: "text-right" }),
  column<Row>("note", "Note", () => "—"),
];
const done: ListQueryState = { isPending: false, isError: false, error: null, refetch: () => undefined };

describe("DataTable", () => {
  it("shows a skeleton while loading, then the error with a retry, then the empty state", () => {
    const refetch = vi.fn();
    const props = { label: "Things", columns, rows: [] as Row[], getRowId: (r: Row) => r.id, empty: { title: "No things yet" } };
    const { rerender } = render(<DataTable {...props} query={{ ...done, isPending: true }} />);
    expect(screen.getByRole("status", { name: "Loading" })).toBeTruthy();
    rerender(<DataTable {...props} query={{ ...done, isError: true, error: new Error("upstream down"), refetch }} errorTitle="Could not load things" />);
    expect(screen.getByRole("alert").textContent).toContain("Could not load things");
    expect(screen.getByRole("alert").textContent).toContain("upstream down");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(refetch).toHaveBeenCalledOnce();
    rerender(<DataTable {...props} query={done} />);
    expect(screen.getByRole("heading", { name: "No things yet" })).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("renders the rows and asks the owner for the server's sort from the headers", () => {
    const onChange = vi.fn();
    render(<DataTable label="Things" columns={columns} rows={ROWS} getRowId={(r) => r.id} query={done} empty={{ title: "none" }} sort={{ value: { id: "name", desc: false }, onChange }} />);
    const table = screen.getByRole("table", { name: "Things" });
    expect([...table.querySelectorAll("tbody tr")].map((tr) => tr.textContent)).toEqual(["alpha2 B—", "beta1 B—"]);
    expect(screen.getByRole("columnheader", { name: "Name" }).getAttribute("aria-sort")).toBe("ascending");
    expect(screen.getByRole("columnheader", { name: "Written" }).getAttribute("aria-sort")).toBe("none");
    expect(screen.getByRole("columnheader", { name: "Note" }).getAttribute("aria-sort")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Written" }));
    expect(onChange).toHaveBeenLastCalledWith({ id: "bytes", desc: true });
    fireEvent.click(screen.getByRole("button", { name: "Name" }));
    expect(onChange).toHaveBeenLastCalledWith({ id: "name", desc: true });
  });

  it("offers no sort buttons without a server sort, and Load more while the server has more", () => {
    const fetchNextPage = vi.fn();
    render(
      <DataTable
        label="Things"
        columns={columns}
        rows={ROWS}
        getRowId={(r) => r.id}
        query={{ ...done, hasNextPage: true, isFetchingNextPage: false, fetchNextPage }}
        empty={{ title: "none" }}
        loadMoreLabel="Load older things"
      />,
    );
    expect(screen.queryByRole("button", { name: "Name" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Load older things" }));
    expect(fetchNextPage).toHaveBeenCalledOnce();
  });
});

function Harness({ remove }: { remove: (vars: { id: string }) => Promise<void> }) {
  const deleting = useRowConfirm({ mutationFn: remove }, (r: Row) => ({ id: r.id }), { success: (r) => `${r.name} deleted`, failure: "Could not delete", invalidate: ["things"] });
  const cols = [column<Row>("name", "Name", (r) => r.name), actionsColumn<Row>((r) => <button onClick={() => deleting.ask(r)}>{`Delete ${r.name}`}</button>)];
  return (
    <>
      <DataTable label="Things" columns={cols} rows={ROWS} getRowId={(r) => r.id} query={done} empty={{ title: "none" }} />
      <RowConfirmDialog action={deleting} title={(r) => `Delete ${r.name}?`} confirmLabel="Delete thing">
        {(r) => <p>{`${r.name} goes for good.`}</p>}
      </RowConfirmDialog>
    </>
  );
}

describe("a confirmed row action", () => {
  it("names the row, runs the mutation on it, closes and refreshes the list", async () => {
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    const remove = vi.fn(async (_vars: { id: string }) => {});
    render(
      <QueryClientProvider client={queryClient}>
        <Harness remove={remove} />
      </QueryClientProvider>,
    );
    expect(screen.getByRole("columnheader", { name: "Actions" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Delete beta" }));
    expect(screen.getByRole("dialog", { name: "Delete beta?" }).textContent).toContain("beta goes for good.");
    fireEvent.click(screen.getByRole("button", { name: "Delete thing" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(remove.mock.calls[0]?.[0]).toEqual({ id: "b" });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["things"] });
  });
});
