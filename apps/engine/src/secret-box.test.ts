import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSecretBox, loadSecretKey } from "./secret-box.ts";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("secret box", () => {
  it("round-trips, keeps the generated key across loads and refuses a foreign key", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-secret-"));
    dirs.push(dir);
    const key = await loadSecretKey(dir, undefined);
    const sealed = createSecretBox(key).seal("repo-password");
    expect(sealed).not.toContain("repo-password");
    expect(createSecretBox(await loadSecretKey(dir, undefined)).open(sealed)).toBe("repo-password");
    expect((await stat(path.join(dir, "engine-secret"))).mode & 0o777).toBe(0o600);
    const other = createSecretBox(await loadSecretKey(dir, "x".repeat(40)));
    expect(() => other.open(sealed)).toThrow(/cannot be decrypted/);
  });
});
