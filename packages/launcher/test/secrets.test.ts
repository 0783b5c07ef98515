import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStackSecrets } from "../src/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-secrets-test-"));
});
afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

describe("loadStackSecrets", () => {
  it("generates the secrets once, keeps them in a 0600 file and lets the environment win", async () => {
    const first = await loadStackSecrets(dir, {});
    expect(first.lifeboatSecret.length).toBeGreaterThanOrEqual(32);
    expect(new Set([first.lifeboatSecret, first.nextauthSecret, first.engineApiKey]).size).toBe(3);
    const file = path.join(dir, "secrets.json");
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadStackSecrets(dir, {})).toEqual(first);

    const fromEnv = "x".repeat(40);
    const overridden = await loadStackSecrets(dir, { LIFEBOAT_SECRET: fromEnv });
    expect(overridden).toEqual({ ...first, lifeboatSecret: fromEnv });
    expect(await fs.readFile(file, "utf8")).not.toContain(fromEnv);
  });

  it("refuses a short LIFEBOAT_SECRET by name", async () => {
    await expect(loadStackSecrets(dir, { LIFEBOAT_SECRET: "too-short" })).rejects.toThrow(/LIFEBOAT_SECRET is too short \(9 characters\)/);
  });
});
