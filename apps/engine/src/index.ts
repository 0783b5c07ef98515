// @lifeboat/engine: start an engine in-process (the launcher spawns `tsx src/main.ts` instead).
export { startEngine, type RunningEngine } from "./engine.ts";
export { engineEnv, type EngineEnv } from "./env.ts";
