import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearState, loadState, saveState, stateFilePath } from "./state.ts";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "agent-state-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const state = { connectorId: "9007199254740993", connectionId: "c1", agentToken: "agt-secret", engineUrl: "http://e:4000" };

describe("state file", () => {
  it("round-trips through state.json with mode 0600, creating the directory", async () => {
    const stateDir = path.join(dir, "nested", "state");
    await saveState(stateDir, state);
    expect(await loadState(stateDir)).toEqual(state);
    expect((await fs.stat(stateFilePath(stateDir))).mode & 0o777).toBe(0o600);
    expect(await fs.readdir(stateDir)).toEqual(["state.json"]); // no temp file left behind
  });

  it("is null when missing and gone after clearState", async () => {
    expect(await loadState(dir)).toBeNull();
    await saveState(dir, state);
    await clearState(dir);
    expect(await loadState(dir)).toBeNull();
    await clearState(dir); // clearing twice is fine
  });

  it("names the file and the bad fields when the content is invalid", async () => {
    await fs.writeFile(stateFilePath(dir), "{not json");
    await expect(loadState(dir)).rejects.toThrow(`${stateFilePath(dir)} is not valid JSON`);
    await fs.writeFile(stateFilePath(dir), JSON.stringify({ connectorId: "1", engineUrl: "x" }));
    await expect(loadState(dir)).rejects.toThrow(/invalid fields \(connectionId, agentToken\)/);
  });
});
