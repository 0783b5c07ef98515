// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { SelectionSummaryBar, SnapshotBrowser } from "./snapshot-browser.tsx";
import { EMPTY_SELECTION, toFilesAndFolders, type BrowserEntry, type Selection } from "./snapshot-selection.ts";

afterEach(cleanup);

const dir = (path: string): BrowserEntry => ({ path, name: path.split("/").at(-1) ?? "", type: "Directory" });
const file = (path: string, sizeBytes: number): BrowserEntry => ({ path, name: path.split("/").at(-1) ?? "", type: "File", sizeBytes });
const tree: Record<string, BrowserEntry[]> = {
  "/": [dir("/etc"), file("/readme.txt", 2048)],
  "/etc": [file("/etc/hosts", 1024), file("/etc/passwd", 1024), dir("/etc/ssl")],
  "/etc/ssl": [],
};

function Harness({ loads, onChange }: { loads: string[]; onChange: (s: Selection) => void }) {
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const change = (s: Selection) => {
    setSelection(s);
    onChange(s);
  };
  return (
    <>
      <SnapshotBrowser
        browseKey="snap-1"
        selection={selection}
        onSelectionChange={change}
        loadFolder={async (path) => {
          loads.push(path);
          return tree[path] ?? [];
        }}
      />
      <SelectionSummaryBar selection={selection} onClear={() => change(EMPTY_SELECTION)} />
    </>
  );
}

function setup() {
  const loads: string[] = [];
  let last: Selection = EMPTY_SELECTION;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Harness loads={loads} onChange={(s) => (last = s)} />
    </QueryClientProvider>,
  );
  return { loads, selection: () => last, user: userEvent.setup() };
}

describe("SnapshotBrowser", () => {
  it("loads a folder only when it is expanded", async () => {
    const { loads, user } = setup();
    expect(await screen.findByText("etc")).toBeTruthy();
    expect(loads).toEqual(["/"]);
    await user.click(screen.getByRole("button", { name: "Expand etc" }));
    expect(await screen.findByText("hosts")).toBeTruthy();
    expect(loads).toEqual(["/", "/etc"]);
    expect(screen.getByRole("treeitem", { name: "etc" }).getAttribute("aria-expanded")).toBe("true");
  });

  it("multi-selects rows and summarises the selection", async () => {
    const { user, selection } = setup();
    await user.click(await screen.findByLabelText("Select /readme.txt"));
    await user.click(screen.getByRole("button", { name: "Expand etc" }));
    await user.click(await screen.findByLabelText("Select /etc/hosts"));
    expect(toFilesAndFolders(selection()).map((f) => f.absolutePath)).toEqual(["/etc/hosts", "/readme.txt"]);
    expect(screen.getByText("2 files selected")).toBeTruthy();
    expect(screen.getByText(/3.0 KiB in files/)).toBeTruthy();
    // The parent folder shows it holds part of the selection.
    expect(screen.getByLabelText("Select /etc").getAttribute("aria-checked")).toBe("mixed");
  });

  it("select all in a folder ticks each child; a ticked folder implies its rows and unticking one keeps the rest", async () => {
    const { user, selection } = setup();
    await user.click(await screen.findByRole("button", { name: "Expand etc" }));
    await user.click(await screen.findByRole("button", { name: "Select all 3 in /etc" }));
    expect(toFilesAndFolders(selection())).toHaveLength(3);
    expect(screen.getByText("2 files and 1 folder selected")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Clear all in /etc" }));
    expect(selection().size).toBe(0);

    await user.click(screen.getByLabelText("Select /etc"));
    expect((screen.getByLabelText("Select /etc/passwd") as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByLabelText("Select /etc/passwd"));
    expect(toFilesAndFolders(selection()).map((f) => f.absolutePath)).toEqual(["/etc/hosts", "/etc/ssl"]);
    await user.click(screen.getByRole("button", { name: "Clear selection" }));
    expect(screen.getByText(/Nothing selected yet/)).toBeTruthy();
  });
});
