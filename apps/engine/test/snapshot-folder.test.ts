// Folder listing of any snapshot (GET /lifeboat/v1/objects/{id}/snapshots/{id}/files, a Lifeboat
// extension) with the real engine, agent, restic and PostgreSQL: two backups with a file changed in
// between, each snapshot listed gives its own version's size and mtime; entries in name order, one
// folder level, paged by cursor; a bad path, a file's path, a missing folder and an unknown snapshot
// answered 400/404 saying which.
import { mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { iamToken } from "./helpers/engine-process.ts";
import { createPolicyAndGroup, startStack, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

let stack: Stack;
const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a rejection"); }, (e: unknown) => e as { status: number; message: string });

beforeAll(async () => {
  stack = await startStack("folder");
}, 180_000);
afterAll(async () => stack?.stop());

describe("snapshot folder listing", () => {
  it("lists each snapshot's own version of a changed file, one level, by name, by page; bad input is 400/404", { timeout: 240_000 }, async () => {
    const { api } = stack;
    const src = path.join(stack.tmp, "data");
    await writeTree(src, { "b-report.txt": 1000, "a-notes.md": 300, "sub/deep.bin": 4096 });
    await mkdir(path.join(src, "many"));
    await Promise.all(Array.from({ length: 25 }, (_, i) => writeFile(path.join(src, "many", `f${String(i).padStart(2, "0")}`), "x".repeat(i))));
    const firstMtime = new Date("2026-01-02T03:04:05Z");
    await utimes(path.join(src, "b-report.txt"), firstMtime, firstMtime);
    const { group } = await createPolicyAndGroup(stack, "folder-policy", src, {});

    await api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    expect((await waitRun(api, group.id!)).localBackupInfo!.status).toBe("Succeeded");
    // The file changes: new size, new mtime; then a second backup.
    await writeFile(path.join(src, "b-report.txt"), "y".repeat(2500));
    const secondMtime = new Date("2026-03-04T05:06:07Z");
    await utimes(path.join(src, "b-report.txt"), secondMtime, secondMtime);
    await api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    await waitFor("the second run", async () => {
      const runs = await api.getProtectionGroupRuns({ pathParams: { id: group.id! }, query: { numRuns: 2, startTimeUsecs: 0 } });
      return runs.runs?.length === 2 && runs.runs.every((r) => r.localBackupInfo?.status === "Succeeded") ? true : undefined;
    }, 90_000);
    const [newer, older] = await waitFor("both snapshots indexed", async () => {
      const s = (await api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots ?? [];
      return s.length === 2 && s.every((x) => x.indexingStatus === "Done") ? s : undefined;
    });

    const list = (snapshotId: string, folder: string, more: { cursor?: string; limit?: number } = {}) =>
      api.lifeboat.snapshotFolder({ objectId: stack.hostId, snapshotId, path: folder, ...more });
    const report = (items: { name: string }[]) => items.find((e) => e.name === "b-report.txt");

    const oldPage = await list(older!.id!, src);
    expect(oldPage.path).toBe(src);
    expect(oldPage.items.map((e) => [e.name, e.type])).toEqual([["a-notes.md", "File"], ["b-report.txt", "File"], ["many", "Directory"], ["sub", "Directory"]]);
    expect(report(oldPage.items)).toEqual({ name: "b-report.txt", type: "File", sizeBytes: 1000, mtimeUsecs: firstMtime.getTime() * 1000 });
    expect(oldPage.nextCursor).toBeNull();
    const newPage = await list(newer!.id!, `${src}/`);
    expect(report(newPage.items)).toEqual({ name: "b-report.txt", type: "File", sizeBytes: 2500, mtimeUsecs: secondMtime.getTime() * 1000 });
    expect(newPage.path).toBe(src);

    // One level only: the subfolder's file is listed in the subfolder, not above it.
    expect((await list(older!.id!, path.join(src, "sub"))).items).toEqual([expect.objectContaining({ name: "deep.bin", type: "File", sizeBytes: 4096 })]);
    // The parent folders of the protected path are in the index too, so a browse can start at "/".
    expect((await list(older!.id!, path.dirname(src))).items.map((e) => e.name)).toContain("data");

    // Pages of 10 by cursor: 25 entries, in name order, none twice, none lost.
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(older!.id!, path.join(src, "many"), { limit: 10, ...(cursor ? { cursor } : {}) });
      names.push(...page.items.map((e) => e.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `f${String(i).padStart(2, "0")}`));

    // Bad input: each answer names the problem.
    const relative = await errorOf(list(older!.id!, "data/x"));
    expect(relative).toMatchObject({ status: 400, message: expect.stringMatching(/absolute folder path/) });
    const dots = await errorOf(list(older!.id!, `${src}/../etc`));
    expect(dots).toMatchObject({ status: 400, message: expect.stringMatching(/\.\. segments/) });
    const aFile = await errorOf(list(older!.id!, path.join(src, "b-report.txt")));
    expect(aFile).toMatchObject({ status: 400, message: expect.stringContaining("is a file in snapshot") });
    const missing = await errorOf(list(older!.id!, path.join(src, "no-such-folder")));
    expect(missing).toMatchObject({ status: 404, message: expect.stringContaining(`path ${path.join(src, "no-such-folder")} is not in snapshot ${older!.id}`) });
    const unknown = await errorOf(list("999999", src));
    expect(unknown).toMatchObject({ status: 404, message: expect.stringContaining("snapshot 999999 of object") });
    const badCursor = await errorOf(list(older!.id!, src, { cursor: "not a cursor!" }));
    expect(badCursor).toMatchObject({ status: 400, message: expect.stringContaining("cursor") });

    // Over plain HTTP: a snapshot id that is no id at all is a 400 naming it.
    const { access_token } = await iamToken(stack.engine.url, stack.engine.bootstrap.apiKey);
    const raw = await fetch(`${stack.engine.url}/lifeboat/v1/objects/${stack.hostId}/snapshots/abc/files?path=%2F`, {
      headers: { authorization: `Bearer ${access_token}`, "x-ibm-tenant-id": stack.engine.bootstrap.tenantId },
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { message: string }).message).toContain("snapshotId must be a snapshot id");
  });
});
