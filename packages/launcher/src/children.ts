// Child processes of the stack (engine, agent, portal): output prefixed with the child's name,
// an exit that nobody asked for reported loudly, and a stop that escalates SIGTERM → SIGKILL.
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";

export interface ChildExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() asked for it. */
  expected: boolean;
}

export interface Child {
  name: string;
  pid: number | undefined;
  exited: Promise<ChildExit>;
  /** Recent output lines (for error messages when the child fails to come up). */
  recentOutput(): string[];
  stop(timeoutMs?: number): Promise<ChildExit>;
}

export interface SpawnChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  onUnexpectedExit?: (exit: ChildExit) => void;
}

export function spawnChild(options: SpawnChildOptions): Child {
  const recent: string[] = [];
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on("line", (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      options.log(`[${options.name}] ${line}`);
    });
  }
  let stopping = false;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("error", (error) => {
      recent.push(String(error));
      resolve({ name: options.name, code: null, signal: null, expected: stopping });
    });
    child.once("exit", (code, signal) => resolve({ name: options.name, code, signal, expected: stopping }));
  });
  void exited.then((exit) => {
    if (!exit.expected) options.onUnexpectedExit?.(exit);
  });
  return {
    name: options.name,
    pid: child.pid,
    exited,
    recentOutput: () => [...recent],
    stop: async (timeoutMs = 10_000) => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      return exited;
    },
  };
}

/** Polls `url` until it answers (any status when `anyStatus`, else 2xx), the child exits, or time runs out. */
export async function waitForHttp(url: string, child: Child, options: { timeoutMs: number; anyStatus?: boolean }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let exited: ChildExit | null = null;
  void child.exited.then((exit) => (exited = exit));
  let lastError = "no answer yet";
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
      await response.body?.cancel();
      if (options.anyStatus || response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const output = child.recentOutput().slice(-15).join("\n");
  const exit = exited as ChildExit | null;
  const why = exit ? `it exited (code ${String(exit.code)}, signal ${String(exit.signal)})` : `no answer from ${url} within ${options.timeoutMs / 1000} s (${lastError})`;
  throw new Error(`${child.name} did not come up: ${why}\n--- last output of ${child.name} ---\n${output}`);
}
