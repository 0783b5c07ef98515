import { describe, expect, it } from "vitest";
import { classifyFailure, resticError } from "./errors.ts";

// stderr lines as restic 0.14 prints them.
describe("classifyFailure", () => {
  it.each([
    ["unable to create lock in backend: repository is already locked by PID 14836 on vm by root", 1, "locked"],
    ["Fatal: wrong password or no key found", 1, "wrong-password"],
    ["Fatal: unable to open config file: stat /x/config: no such file or directory\nIs there a repository at the following location?", 1, "no-repository"],
    ["signal interrupt received, cleaning up", 130, "cancelled"],
    ["Fatal: unable to save snapshot: disk full", 1, "failed"],
  ] as const)("%s → %s", (stderr, code, expected) => {
    expect(classifyFailure(code, stderr)).toBe(expected);
  });

  it("names the command and the last stderr line, scrubbed", () => {
    const err = resticError("backup", 1, "Fatal: unable to open /data/pw-1234567890", ["pw-1234567890"]);
    expect(err.message).toBe("restic backup: exited with code 1: Fatal: unable to open /data/[redacted]");
  });
});
