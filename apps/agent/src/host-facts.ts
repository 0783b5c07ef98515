// What the agent reports about its host on register and on every heartbeat.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import type { HostFacts, Volume } from "@lifeboat/agent-protocol";
import { AGENT_VERSION } from "./version.ts";

/**
 * Filesystems that hold no user data worth protecting (kernel views, RAM-backed, read-only
 * images). overlay stays in: it is the root filesystem of a container.
 */
const PSEUDO_FILESYSTEMS = new Set([
  "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
  "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "proc", "pstore", "ramfs", "rootfs",
  "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs", "tracefs", "nfsd",
  "fuse.gvfsd-fuse", "fuse.portal", "fuse.lxcfs",
]);

/** /proc/mounts escapes space, tab, newline and backslash as octal (`\040`). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export interface MountEntry {
  device: string;
  mountPoint: string;
  fsType: string;
}

/** Real-data mounts of a /proc/mounts text, one per mount point (the last mount wins). */
export function parseProcMounts(text: string): MountEntry[] {
  const byMountPoint = new Map<string, MountEntry>();
  for (const line of text.split("\n")) {
    const [device, mountPoint, fsType] = line.trim().split(/\s+/);
    if (!device || !mountPoint || !fsType) continue;
    if (PSEUDO_FILESYSTEMS.has(fsType)) continue;
    const entry = { device: unescapeMountField(device), mountPoint: unescapeMountField(mountPoint), fsType };
    byMountPoint.delete(entry.mountPoint); // keep insertion order of the winning mount
    byMountPoint.set(entry.mountPoint, entry);
  }
  return [...byMountPoint.values()];
}

/** Mounted volumes with their size from statfs; file bind mounts (/etc/hosts in containers) skipped. */
export async function collectVolumes(procMountsPath = "/proc/mounts"): Promise<Volume[]> {
  let text: string;
  try {
    text = await fs.readFile(procMountsPath, "utf8");
  } catch {
    return []; // not Linux, or /proc not mounted: no volumes rather than no heartbeat
  }
  const volumes: Volume[] = [];
  for (const mount of parseProcMounts(text).slice(0, 1024)) {
    try {
      const stat = await fs.stat(mount.mountPoint);
      if (!stat.isDirectory()) continue;
      const fsStat = await fs.statfs(mount.mountPoint);
      volumes.push({
        mountPoint: mount.mountPoint,
        device: mount.device,
        fsType: mount.fsType,
        sizeBytes: fsStat.blocks * fsStat.bsize,
        usedBytes: (fsStat.blocks - fsStat.bfree) * fsStat.bsize,
      });
    } catch {
      // Unreadable (permissions, stale NFS): report what we know without sizes.
      volumes.push({ mountPoint: mount.mountPoint, device: mount.device, fsType: mount.fsType });
    }
  }
  return volumes;
}

/** `restic 0.14.0 compiled with go1.19.8 on linux/amd64` → `0.14.0`. */
export function parseResticVersion(output: string): string | null {
  const match = /^restic\s+v?(\d+\.\d+[^\s]*)/m.exec(output.trim());
  return match?.[1] ?? null;
}

export interface ResticProbe {
  version: string | null;
  /** Why restic is unusable, when it is. */
  problem?: string;
}

export function probeRestic(bin: string): Promise<ResticProbe> {
  return new Promise((resolve) => {
    execFile(bin, ["version"], { timeout: 10_000 }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        resolve({
          version: null,
          problem:
            code === "ENOENT"
              ? `restic not found (${bin}); install restic so backups and restores can run`
              : `\`${bin} version\` failed: ${error.message}`,
        });
        return;
      }
      const version = parseResticVersion(stdout);
      resolve(version ? { version } : { version: null, problem: `cannot parse \`${bin} version\` output` });
    });
  });
}

async function osVersion(): Promise<string> {
  let distro = "";
  try {
    const text = await fs.readFile("/etc/os-release", "utf8");
    distro = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? "";
  } catch {
    // not every system has os-release; the kernel release is still useful
  }
  return (distro ? `${distro}; kernel ${os.release()}` : `${os.type()} ${os.release()}`).slice(0, 255);
}

export function hostAddresses(): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const addr of list ?? []) {
      if (addr.internal) continue;
      if (addr.family === "IPv4") v4.push(addr.address);
      else if (!addr.address.toLowerCase().startsWith("fe80:")) v6.push(addr.address);
    }
  }
  return [...v4, ...v6].slice(0, 64);
}

function osType(): HostFacts["os"] {
  if (process.platform === "win32") return "kWindows";
  if (process.platform === "darwin") return "kMacOS";
  return "kLinux";
}

export interface FactsWithStatus {
  facts: HostFacts;
  status: "Healthy" | "Degraded";
  statusMessage?: string;
}

/**
 * Collects host facts. restic is probed at most every `resticTtlMs` (it is a process spawn), so
 * installing restic later turns the agent Healthy without a restart.
 */
export function createFactsCollector(opts: { hostName?: string; resticBin: string; resticTtlMs?: number }) {
  let restic: { probe: ResticProbe; at: number } | undefined;
  const ttl = opts.resticTtlMs ?? 5 * 60_000;
  return async (): Promise<FactsWithStatus> => {
    if (!restic || Date.now() - restic.at > ttl) restic = { probe: await probeRestic(opts.resticBin), at: Date.now() };
    const facts: HostFacts = {
      hostName: (opts.hostName ?? os.hostname()).slice(0, 255) || "unknown-host",
      addresses: hostAddresses(),
      os: osType(),
      osVersion: await osVersion(),
      agentVersion: AGENT_VERSION,
      resticVersion: restic.probe.version,
      volumes: await collectVolumes(),
    };
    return restic.probe.problem
      ? { facts, status: "Degraded", statusMessage: restic.probe.problem }
      : { facts, status: "Healthy" };
  };
}
