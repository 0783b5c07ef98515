// Peak resident memory of long-lived processes (engine, agent) and the short-lived children they
// spawn (restic), sampled from /proc while one operation runs.
//
// At the start of an operation the high-water mark (VmHWM) of each watched process is reset
// (`echo 5 > /proc/<pid>/clear_refs`, Linux ≥ 4.0, allowed on our own processes), so the VmHWM read
// at the end is the peak *during* that operation, spikes between samples included. Children are
// found through /proc/<pid>/task/<tid>/children; a child's own VmHWM is its lifetime peak, counted
// only after its exec (before it, a forked child still maps its parent's memory).
import { readdir, readFile, writeFile } from "node:fs/promises";

export interface WatchedProcess {
  name: string;
  pid: number;
  /** Also report the peak of its child processes (e.g. the agent's restic). */
  childrenAs?: string;
}

export type Peaks = Record<string, number>;

async function statusKb(pid: number, field: "VmHWM" | "VmRSS"): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined; // exited between listing and reading
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, "utf8").catch(() => "")));
    return lists.flatMap((l) => l.split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

async function comm(pid: number): Promise<string | undefined> {
  return readFile(`/proc/${pid}/comm`, "utf8").then((c) => c.trim(), () => undefined);
}

async function resetPeak(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** Samples every `intervalMs` until the returned stop() resolves with the peak of each name. */
export async function samplePeaks(watched: WatchedProcess[], intervalMs = 100): Promise<() => Promise<Peaks>> {
  const peaks: Peaks = {};
  const bump = (name: string, bytes: number | undefined) => {
    if (bytes !== undefined) peaks[name] = Math.max(peaks[name] ?? 0, bytes);
  };
  const reset = new Map<number, boolean>();
  for (const w of watched) reset.set(w.pid, await resetPeak(w.pid));
  const sample = async () => {
    for (const w of watched) {
      bump(w.name, await statusKb(w.pid, "VmRSS"));
      if (!w.childrenAs) continue;
      const parentComm = await comm(w.pid);
      for (const child of await childrenOf(w.pid)) {
        // Between fork and exec a child still shows its parent's memory: count it once it is restic.
        if ((await comm(child)) === parentComm) continue;
        // A child lives only for this operation, so its lifetime peak is the operation's.
        bump(w.childrenAs, await statusKb(child, "VmHWM"));
      }
    }
  };
  let busy: Promise<void> = sample();
  const timer = setInterval(() => {
    busy = busy.then(sample);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await busy;
    await sample();
    // With a reset high-water mark, VmHWM also covers spikes between two samples.
    for (const w of watched) if (reset.get(w.pid)) bump(w.name, await statusKb(w.pid, "VmHWM"));
    return peaks;
  };
}
