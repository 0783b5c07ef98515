// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { BrowseNotSupportedError, FolderPicker, type HostFolder } from "./folder-picker.tsx";

afterEach(cleanup);

const HOST: Record<string, HostFolder | Error> = {
  "/": { path: "/", entries: [{ name: "home", type: "directory" }, { name: "root", type: "directory" }, { name: "vmlinuz", type: "symlink" }], truncated: false },
  "/home": { path: "/home", entries: [{ name: "ann", type: "directory" }, { name: "notes.txt", type: "file", sizeBytes: 2048 }], truncated: true },
  "/home/ann": { path: "/home/ann", entries: [], truncated: false },
  "/root": new Error("permission denied: /root"),
};

function Harness({ listFolder }: { listFolder?: (path: string) => Promise<HostFolder> }) {
  const [included, setIncluded] = useState<string[]>([]);
  const [excluded, setExcluded] = useState<string[]>([]);
  return (
    <>
      <FolderPicker
        hostName="db-01"
        listFolder={listFolder ?? fakeHost().listFolder}
        included={included}
        excluded={excluded}
        onToggleInclude={(p, on) => setIncluded((l) => (on ? [...l, p] : l.filter((x) => x !== p)))}
        onExclude={(p) => setExcluded((l) => [...l, p])}
      />
      <output aria-label="included">{included.join(",")}</output>
      <output aria-label="excluded">{excluded.join(",")}</output>
    </>
  );
}

function fakeHost() {
  const asked: string[] = [];
  return {
    asked,
    listFolder: async (path: string) => {
      asked.push(path);
      const answer = HOST[path];
      if (!answer) throw new Error(`no such directory: ${path}`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe("FolderPicker", () => {
  it("loads one level at a time and adds checked folders to the include paths, skipped ones to the exclude paths", async () => {
    const host = fakeHost();
    const user = userEvent.setup();
    render(<Harness listFolder={host.listFolder} />);
    const tree = screen.getByRole("tree", { name: "Folders of db-01" });
    await within(tree).findByRole("treeitem", { name: "home" });
    expect(host.asked).toEqual(["/"]);
    expect(screen.getByRole("treeitem", { name: "vmlinuz" }).getAttribute("aria-expanded")).toBeNull(); // a link is not opened

    await user.click(within(screen.getByRole("treeitem", { name: "home" })).getAllByRole("button", { hidden: true })[0]!);
    await screen.findByRole("treeitem", { name: "ann" });
    expect(host.asked).toEqual(["/", "/home"]);
    expect(screen.getByRole("treeitem", { name: "notes.txt" }).textContent).toContain("2.0 KiB");
    expect(screen.getByText("Only the first 2 entries are shown; type other paths below.")).toBeTruthy();

    await user.click(screen.getByRole("checkbox", { name: "Back up /home/ann" }));
    await user.click(screen.getByRole("button", { name: "Skip /home/notes.txt" }));
    expect(screen.getByRole("status", { name: "included" }).textContent).toBe("/home/ann");
    expect(screen.getByRole("status", { name: "excluded" }).textContent).toBe("/home/notes.txt");
    expect(screen.getByRole("treeitem", { name: "ann" }).getAttribute("aria-selected")).toBe("true");
    await user.click(screen.getByRole("checkbox", { name: "Back up /home/ann" }));
    expect(screen.getByRole("status", { name: "included" }).textContent).toBe("");
  });

  it("is driven by the keyboard: arrows move and open, Enter opens, Space checks", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByRole("treeitem", { name: "home" });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "/" }));
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "home" }));
    await user.keyboard("{ArrowRight}");
    await screen.findByRole("treeitem", { name: "ann" });
    expect(screen.getByRole("treeitem", { name: "home" }).getAttribute("aria-expanded")).toBe("true");
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "ann" }));
    await user.keyboard(" ");
    expect(screen.getByRole("status", { name: "included" }).textContent).toBe("/home/ann");
    await user.keyboard("{Enter}");
    expect(await screen.findByText("Empty folder")).toBeTruthy();
    await user.keyboard("{ArrowLeft}{ArrowLeft}");
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "home" }));
    await user.keyboard("{ArrowLeft}");
    expect(screen.queryByRole("treeitem", { name: "ann" })).toBeNull();
    await user.keyboard("{End}");
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "vmlinuz" }));
    await user.keyboard("{Home}");
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "/" }));
  });

  it("shows the agent's reason under a folder it cannot list", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(within(await screen.findByRole("treeitem", { name: "root" })).getAllByRole("button", { hidden: true })[0]!);
    expect(await screen.findByText("permission denied: /root")).toBeTruthy();
  });

  it("shows only the service's hint when it offers no browsing", async () => {
    render(
      <Harness
        listFolder={() => Promise.reject(new BrowseNotSupportedError("This service does not offer folder browsing; type the paths."))}
      />,
    );
    await waitFor(() => expect(screen.getByText("This service does not offer folder browsing; type the paths.").getAttribute("role")).toBe("status"));
    expect(screen.queryByRole("tree")).toBeNull();
  });
});
