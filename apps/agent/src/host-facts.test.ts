import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectVolumes, createFactsCollector, parseProcMounts, parseResticVersion, probeRestic } from "./host-facts.ts";

const PROC_MOUNTS = `overlay / overlay rw,relatime,lowerdir=/var/lib/docker/l1 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0
devpts /dev/pts devpts rw,nosuid,noexec,relatime 0 0
sysfs /sys sysfs ro,nosuid,nodev,noexec,relatime 0 0
cgroup2 /sys/fs/cgroup cgroup2 ro,nosuid 0 0
/dev/sda1 /boot ext4 rw,relatime 0 0
/dev/mapper/data /srv/my\\040data xfs rw,relatime 0 0
/dev/loop3 /snap/core/1 squashfs ro,nodev 0 0
/dev/sdb1 /boot vfat rw 0 0
`;

describe("parseProcMounts", () => {
  it("keeps real filesystems, drops pseudo ones, unescapes octal and lets the last mount of a point win", () => {
    expect(parseProcMounts(PROC_MOUNTS)).toEqual([
      { device: "overlay", mountPoint: "/", fsType: "overlay" },
      { device: "/dev/mapper/data", mountPoint: "/srv/my data", fsType: "xfs" },
      { device: "/dev/sdb1", mountPoint: "/boot", fsType: "vfat" },
    ]);
  });

  it("ignores blank and malformed lines", () => {
    expect(parseProcMounts("\n  \nonlydevice\n/dev/sda1 /x\n")).toEqual([]);
  });
});

describe("collectVolumes", () => {
  it("reports sizes from statfs and skips file bind mounts and missing mount points", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "agent-mounts-"));
    try {
      const file = path.join(dir, "hosts");
      await fs.writeFile(file, "127.0.0.1 localhost\n");
      const mounts = path.join(dir, "mounts");
      await fs.writeFile(mounts, `/dev/sda1 / ext4 rw 0 0\n/dev/sda1 ${file} ext4 rw 0 0\n/dev/sdz9 ${dir}/gone ext4 rw 0 0\n`);
      const volumes = await collectVolumes(mounts);
      expect(volumes.map((v) => v.mountPoint)).toEqual(["/", `${dir}/gone`]);
      const root = volumes[0]!;
      expect(root.sizeBytes).toBeGreaterThan(0);
      expect(root.usedBytes).toBeGreaterThan(0);
      expect(root.usedBytes!).toBeLessThanOrEqual(root.sizeBytes!);
      expect(volumes[1]!.sizeBytes).toBeUndefined();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("returns no volumes when the mounts file cannot be read", async () => {
    expect(await collectVolumes("/nonexistent/proc/mounts")).toEqual([]);
  });
});

describe("restic version", () => {
  it("parses release, v-prefixed and dev builds", () => {
    expect(parseResticVersion("restic 0.14.0 compiled with go1.19.8 on linux/amd64\n")).toBe("0.14.0");
    expect(parseResticVersion("restic v0.17.3 compiled with go1.23 on linux/arm64")).toBe("0.17.3");
    expect(parseResticVersion("restic 0.16.4-dev (compiled manually) compiled with go1.22")).toBe("0.16.4-dev");
    expect(parseResticVersion("command not found")).toBeNull();
  });

  it("reports a missing restic as a problem, not a crash", async () => {
    const probe = await probeRestic("/nonexistent/restic");
    expect(probe.version).toBeNull();
    expect(probe.problem).toMatch(/restic not found \(\/nonexistent\/restic\)/);
  });

  it("turns Degraded with a message when restic is missing, Healthy otherwise", async () => {
    const missing = await createFactsCollector({ resticBin: "/nonexistent/restic", hostName: "web-01" })();
    expect(missing.status).toBe("Degraded");
    expect(missing.statusMessage).toContain("restic not found");
    expect(missing.facts).toMatchObject({ hostName: "web-01", os: "kLinux", resticVersion: null });

    const present = await createFactsCollector({ resticBin: "restic" })();
    expect(present.status).toBe("Healthy");
    expect(present.facts.resticVersion).toMatch(/^\d+\.\d+/);
    expect(present.facts.volumes.some((v) => v.mountPoint === "/")).toBe(true);
  });
});
