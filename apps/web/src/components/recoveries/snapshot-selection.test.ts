import { describe, expect, it } from "vitest";
import {
  EMPTY_SELECTION, ancestorsOf, checkState, normalizePath, summarize, toFilesAndFolders, toggle, toggleAllInFolder, type BrowserEntry,
} from "./snapshot-selection.ts";

const dir = (path: string): BrowserEntry => ({ path, name: path.split("/").at(-1) ?? "", type: "Directory" });
const file = (path: string, sizeBytes = 100): BrowserEntry => ({ path, name: path.split("/").at(-1) ?? "", type: "File", sizeBytes });

// /etc { hosts, ssl { cert.pem, key.pem }, passwd }
const tree: Record<string, BrowserEntry[]> = {
  "/": [dir("/etc"), dir("/home")],
  "/etc": [file("/etc/hosts", 10), dir("/etc/ssl"), file("/etc/passwd", 20)],
  "/etc/ssl": [file("/etc/ssl/cert.pem", 1000), file("/etc/ssl/key.pem", 2000)],
};
const childrenOf = (folder: string) => tree[folder];

describe("snapshot selection", () => {
  it("normalises paths and lists ancestors nearest first", () => {
    expect(normalizePath("//etc//ssl/")).toBe("/etc/ssl");
    expect(normalizePath("")).toBe("/");
    expect(ancestorsOf("/etc/ssl/cert.pem")).toEqual(["/etc/ssl", "/etc", "/"]);
  });

  it("a ticked folder implies its descendants and marks its ancestors partial", () => {
    const s = toggle(EMPTY_SELECTION, dir("/etc/ssl"), childrenOf);
    expect(checkState(s, "/etc/ssl")).toBe("checked");
    expect(checkState(s, "/etc/ssl/key.pem")).toBe("implied");
    expect(checkState(s, "/etc")).toBe("partial");
    expect(checkState(s, "/etc/hosts")).toBe("none");
  });

  it("ticking a folder drops the ticked files it now covers", () => {
    let s = toggle(EMPTY_SELECTION, file("/etc/ssl/cert.pem"), childrenOf);
    s = toggle(s, dir("/etc"), childrenOf);
    expect(toFilesAndFolders(s)).toEqual([{ absolutePath: "/etc", isDirectory: true }]);
  });

  it("unticking a row under a ticked folder keeps its siblings, all the way down", () => {
    let s = toggle(EMPTY_SELECTION, dir("/etc"), childrenOf);
    s = toggle(s, file("/etc/ssl/key.pem", 2000), childrenOf);
    expect(toFilesAndFolders(s).map((f) => f.absolutePath)).toEqual(["/etc/hosts", "/etc/passwd", "/etc/ssl/cert.pem"]);
    expect(checkState(s, "/etc/ssl/key.pem")).toBe("none");
    expect(checkState(s, "/etc/ssl")).toBe("partial");
  });

  it("keeps the folder when its children are not loaded (cannot split what it cannot see)", () => {
    const s = toggle(EMPTY_SELECTION, dir("/home"), childrenOf);
    expect(toggle(s, file("/home/ann/notes.txt"), childrenOf)).toBe(s);
  });

  it("select all in a folder ticks every child, a second time clears them", () => {
    let s = toggleAllInFolder(EMPTY_SELECTION, "/etc", tree["/etc"] ?? []);
    expect(summarize(s)).toMatchObject({ files: 2, folders: 1, knownBytes: 30 });
    s = toggleAllInFolder(s, "/etc", tree["/etc"] ?? []);
    expect(s.size).toBe(0);
  });

  it("summarises files, folders and the known size", () => {
    let s = toggle(EMPTY_SELECTION, file("/etc/ssl/cert.pem", 1000), childrenOf);
    s = toggle(s, file("/etc/ssl/key.pem", 2000), childrenOf);
    s = toggle(s, dir("/home"), childrenOf);
    expect(summarize(s)).toMatchObject({ files: 2, folders: 1, knownBytes: 3000 });
    s = toggle(s, file("/etc/ssl/cert.pem", 1000), childrenOf);
    expect(summarize(s).files).toBe(1);
  });
});
