// Wakes the long poll of an agent when work is queued for it. In-process only: a poll that misses
// a wake-up (work queued by another engine process) still finds the work on its next DB check.
import { EventEmitter } from "node:events";

export interface AgentNotifier {
  notify(connectorId: bigint): void;
  /** Resolves on a wake-up for this connector, or after `ms`. */
  wait(connectorId: bigint, ms: number, signal?: AbortSignal): Promise<void>;
}

export function createAgentNotifier(): AgentNotifier {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    notify: (connectorId) => void events.emit(connectorId.toString()),
    wait(connectorId, ms, signal) {
      return new Promise((resolve) => {
        const key = connectorId.toString();
        const done = () => {
          clearTimeout(timer);
          events.off(key, done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        events.once(key, done);
        signal?.addEventListener("abort", done, { once: true });
      });
    },
  };
}
