// Keeps one long poll (`POST /agent/v1/poll`) open at all times so commands, above all task
// controls, arrive within about a second instead of at the next heartbeat. An engine without the
// endpoint (404/405) is tolerated: commands then arrive with heartbeats only.
import { createBackoff, sleep } from "./backoff.ts";
import { EngineError, type EngineClient } from "./engine-client.ts";
import { errorMessage, type Logger } from "./log.ts";

export interface PollLoopOptions {
  client: Pick<EngineClient, "poll">;
  getToken(): string | undefined;
  route(raw: unknown): void;
  /** The data tasks the agent holds as each poll starts (the engine reconciles with them). */
  heldTaskIds?(): string[];
  log: Logger;
  signal: AbortSignal;
  waitSecs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export async function runPollLoop(opts: PollLoopOptions): Promise<void> {
  const { log, signal } = opts;
  const backoff = createBackoff(opts.minBackoffMs ?? 1000, opts.maxBackoffMs ?? 30_000);
  let unsupportedLogged = false;
  let failing = false;
  while (!signal.aborted) {
    const token = opts.getToken();
    if (!token) {
      if (!(await sleep(500, signal))) return;
      continue;
    }
    try {
      const commands = await opts.client.poll(token, opts.waitSecs ?? 25, signal, opts.heldTaskIds?.());
      if (failing) log.info("long poll for commands restored");
      failing = false;
      backoff.reset();
      for (const raw of commands) opts.route(raw);
    } catch (error) {
      if (signal.aborted) return;
      let waitMs = backoff.next();
      if (error instanceof EngineError && error.kind === "rejected" && (error.status === 404 || error.status === 405)) {
        if (!unsupportedLogged) log.warn("the engine has no long poll for commands; they arrive with heartbeats");
        unsupportedLogged = true;
        waitMs = 60_000;
      } else if (!failing && !(error instanceof EngineError && (error.kind === "unauthorized" || error.kind === "gone"))) {
        // Token and removal problems are the heartbeat loop's to report and handle.
        log.warn(`long poll for commands failed: ${errorMessage(error)}; retrying`);
        failing = true;
      }
      if (!(await sleep(waitMs, signal))) return;
    }
  }
}
