// Failure paths against real restic: a clear typed error, and never a secret in it.
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestic, ResticError, ResticMissingError } from "../src/index.ts";
import { hashStream, removeDir, tempDir, writeRandomFile } from "./fixtures.ts";

const PASSWORD = "s3cr3t-Passw0rd-that-must-not-leak";
let work: string;
let repoPath: string;

beforeAll(async () => {
  work = await tempDir("errors");
  repoPath = path.join(work, "repo");
  await writeRandomFile(path.join(work, "data", "a.bin"), 64 * 1024);
  await createRestic({ repository: { kind: "local", path: repoPath }, password: PASSWORD, cacheDir: path.join(work, "cache") }).init();
});

afterAll(async () => {
  await removeDir(work);
});

function expectNoSecret(err: unknown, ...secrets: string[]) {
  expect(err).toBeInstanceOf(ResticError);
  const e = err as ResticError;
  const visible = `${e.message}\n${e.stderrTail}\n${e.stack ?? ""}\n${JSON.stringify(e)}`;
  for (const secret of secrets) expect(visible).not.toContain(secret);
}

describe("errors", () => {
  it("a wrong password is a wrong-password error that contains neither password", async () => {
    const wrong = "wrong-Password-also-secret";
    const restic = createRestic({ repository: { kind: "local", path: repoPath }, password: wrong, cacheDir: path.join(work, "cache") });
    const err = await restic.snapshots().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "wrong-password", command: "snapshots", exitCode: 1 });
    expectNoSecret(err, wrong, PASSWORD);
  });

  it("secrets that restic echoes back on stderr are scrubbed", async () => {
    const restic = createRestic({ repository: { kind: "local", path: repoPath }, password: PASSWORD, cacheDir: path.join(work, "cache") });
    // restic names a missing source path on stderr: a path containing the password must come back redacted.
    const err = await restic.backup([path.join(work, `missing-${PASSWORD}`)]).done.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "failed", command: "backup" });
    expect((err as ResticError).stderrTail).toContain("missing-[redacted]");
    expectNoSecret(err, PASSWORD);
  });

  it("no repository at the location is its own code", async () => {
    const restic = createRestic({ repository: { kind: "local", path: path.join(work, "nowhere") }, password: PASSWORD });
    await expect(restic.snapshots()).rejects.toMatchObject({ code: "no-repository" });
  });

  it("a missing restic binary is a status (version null, ResticMissingError), not a crash", async () => {
    const restic = createRestic({
      repository: { kind: "local", path: repoPath },
      password: PASSWORD,
      binary: path.join(work, "no-restic-here"),
    });
    expect(await restic.version()).toBeNull();
    const err = await restic.backup([path.join(work, "data")]).done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResticMissingError);
    expect(err).toMatchObject({ code: "missing" });
    await expect(restic.snapshots()).rejects.toBeInstanceOf(ResticMissingError);
    await expect(restic.check()).rejects.toMatchObject({ code: "missing" });
    await expect(hashStream(restic.dump("latest", "/x"))).rejects.toBeInstanceOf(ResticMissingError);
    const listing = async () => {
      for await (const node of restic.ls("latest")) void node;
    };
    await expect(listing()).rejects.toBeInstanceOf(ResticMissingError);
  });

  it("reports the installed version", async () => {
    const restic = createRestic({ repository: { kind: "local", path: repoPath }, password: PASSWORD });
    expect(await restic.version()).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("bad input is refused with a message naming the field, before restic runs", () => {
    expect(() => createRestic({ repository: { kind: "local", path: "relative/repo" }, password: PASSWORD })).toThrow(
      /repository\.path: repository\.path must be an absolute path/,
    );
    expect(() => createRestic({ repository: { kind: "local", path: repoPath }, password: "short" })).toThrow(/password: password must be at least 8/);
    const restic = createRestic({ repository: { kind: "local", path: repoPath }, password: PASSWORD });
    expect(() => restic.backup(["relative"])).toThrow(/backup\.paths\.0: path must be absolute/);
    expect(() => restic.backup([work], { tags: ["a,b"] })).toThrow(/backup\.tags\.0: tags must not contain commas/);
    expect(() => restic.dump("--help", "/x")).toThrow(/snapshotId: snapshot id must be/);
    expect(() => restic.forget({})).toThrow(/at least one keep\* rule/);
    expect(() =>
      createRestic({ repository: { kind: "local", path: repoPath }, password: PASSWORD, env: { RESTIC_PASSWORD_FILE: "/x" } }),
    ).toThrow(/env must not set the repository, password or credentials/);
  });
});

// As root, chmod 000 does not stop reads (CAP_DAC_OVERRIDE), so the honest way to get an
// unreadable file is to run restic as an unprivileged user, as an agent would for a tenant.
const nobody = spawnSync("id", ["-u", "nobody"], { encoding: "utf8" });
const canDropPrivileges = process.getuid?.() === 0 && nobody.status === 0;

describe.runIf(canDropPrivileges)("unreadable files", () => {
  it("are warnings on a partial snapshot, not a failed backup", async () => {
    const uid = Number(nobody.stdout.trim());
    const dir = path.join(work, "as-nobody");
    const data = path.join(dir, "data");
    await writeRandomFile(path.join(data, "readable.bin"), 100_000);
    await fs.writeFile(path.join(data, "secret.txt"), "not for nobody");
    await fs.chmod(path.join(data, "secret.txt"), 0o000);
    await fs.mkdir(path.join(dir, "repo"));
    await fs.mkdir(path.join(dir, "cache"));
    await fs.chown(path.join(dir, "repo"), uid, uid);
    await fs.chown(path.join(dir, "cache"), uid, uid);
    // mkdtemp makes 0700 directories: let nobody traverse down to its folders.
    await fs.chmod(work, 0o755);
    await fs.chmod(dir, 0o755);

    const restic = createRestic({
      repository: { kind: "local", path: path.join(dir, "repo") },
      password: PASSWORD,
      cacheDir: path.join(dir, "cache"),
      runAs: { uid, gid: uid },
    });
    await restic.init();
    const summary = await restic.backup([data]).done;
    expect(summary.partial).toBe(true);
    expect(summary.filesNew).toBe(1);
    expect(summary.warnings).toEqual([
      { item: path.join(data, "secret.txt"), during: "archival", message: "open: permission denied" },
    ]);
    expect(await restic.snapshots()).toHaveLength(1);
  });
});
