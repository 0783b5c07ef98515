// `tsx src/main.ts`: the engine process. Logs one line `engine listening on <url>` when ready.
import { startEngine } from "./engine.ts";
import { engineEnv } from "./env.ts";

async function main() {
  const env = engineEnv();
  const engine = await startEngine(env);
  const port = new URL(engine.url).port;
  console.log(`engine listening on http://${env.ENGINE_HOST === "0.0.0.0" ? "127.0.0.1" : env.ENGINE_HOST}:${port}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    engine.app.log.info(`received ${signal}, stopping`);
    engine.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("engine stop failed:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // Every promise and stream has an owner that handles its errors (test/faults/request-faults.test.ts
  // drives the ways a request can go wrong). Should one be missed, a rejection nobody awaited is a
  // bug to log, not a reason to take every other request and the agents' tasks down with it.
  process.on("unhandledRejection", (err) => engine.app.log.error({ err }, "unhandled promise rejection (a bug: this promise has no owner); the engine keeps serving"));
}

main().catch((err: unknown) => {
  console.error(`engine failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
