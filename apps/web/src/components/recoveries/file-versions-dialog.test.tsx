// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeTrpc, type Answer, type Call } from "@/test-utils/fake-trpc.tsx";
import { FileVersionsDialog } from "./file-versions-dialog.tsx";
import type { BrowserEntry } from "./snapshot-selection.ts";

afterEach(cleanup);

const entry: BrowserEntry = { path: "/srv/report.txt", name: "report.txt", type: "File" };
const host = { id: 7, name: "web-01" };

function show(handler: (call: Call) => Answer) {
  const { calls, Wrapper } = fakeTrpc(handler);
  render(<FileVersionsDialog objectId={7} entry={entry} onClose={() => undefined} />, { wrapper: Wrapper });
  return calls;
}

describe("FileVersionsDialog", () => {
  it("lists every version from recovery.fileVersions, newest first, with its size", async () => {
    const calls = show((call) =>
      call.path === "recovery.fileVersions"
        ? {
            data: {
              items: [
                { snapshotId: "22", snapshotTimestampUsecs: 1_790_000_000_000_000, sizeBytes: 2048, mtimeUsecs: 1_789_000_000_000_000, type: "File" },
                { snapshotId: "21", snapshotTimestampUsecs: 1_780_000_000_000_000, sizeBytes: 1024, type: "File" },
              ],
            },
          }
        : { error: { message: `unexpected ${call.path}`, data: { code: "NOT_FOUND" } } },
    );
    const table = await screen.findByRole("table", { name: "Versions" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("2.0 KiB");
    expect(rows[1]!.textContent).toContain("1.0 KiB");
    expect(calls.map((c) => [c.path, c.input])).toEqual([["recovery.fileVersions", { objectId: 7, path: "/srv/report.txt" }]]);
  });

  it("falls back to the index search when the upstream does not list file versions", async () => {
    const calls = show((call) => {
      if (call.path === "recovery.fileVersions") return { error: { message: "This upstream does not list file versions", data: { code: "NOT_IMPLEMENTED" } } };
      if (call.path === "object.searchFiles") {
        return { data: { items: [{ name: "report.txt", path: "/srv", type: "File", sizeBytes: 3072, sourceInfo: host }, { name: "report.txt", path: "/other", type: "File", sourceInfo: host }], nextCursor: null } };
      }
      return { error: { message: `unexpected ${call.path}`, data: { code: "NOT_FOUND" } } };
    });
    const table = await screen.findByRole("table", { name: "Versions" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain("3.0 KiB");
    expect(calls.map((c) => c.path)).toEqual(["recovery.fileVersions", "object.searchFiles"]);
  });

  it("shows another error as an error", async () => {
    show(() => ({ error: { message: "Upstream service error (BAD_GATEWAY)", data: { code: "BAD_GATEWAY" } } }));
    expect(await screen.findByText(/Upstream service error/)).toBeTruthy();
  });
});

describe("FileVersionsDialog actions", () => {
  it("restores or downloads the version of the row's restore point, with that version's size", async () => {
    const { Wrapper } = fakeTrpc((call) =>
      call.path === "recovery.fileVersions"
        ? { data: { items: [{ snapshotId: "22", snapshotTimestampUsecs: 1_790_000_000_000_000, sizeBytes: 2048, type: "File" }, { snapshotId: "21", snapshotTimestampUsecs: 1_780_000_000_000_000, sizeBytes: 1024, type: "File" }] } }
        : { error: { message: `unexpected ${call.path}`, data: { code: "NOT_FOUND" } } },
    );
    const restored: [string, BrowserEntry][] = [];
    const downloaded: string[] = [];
    render(<FileVersionsDialog objectId={7} entry={entry} onClose={() => undefined} onRestore={(s, e) => restored.push([s, e])} onDownload={(s) => downloaded.push(s)} />, { wrapper: Wrapper });
    (await screen.findByRole("button", { name: "Restore the version of restore point 21" })).click();
    screen.getByRole("button", { name: "Download the version of restore point 22" }).click();
    expect(restored).toEqual([["21", expect.objectContaining({ path: "/srv/report.txt", sizeBytes: 1024 })]]);
    expect(downloaded).toEqual(["22"]);
  });
});
