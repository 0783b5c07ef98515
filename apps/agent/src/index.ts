// Library surface of the agent package, for the engine's tests and tooling (the agent itself runs
// from src/main.ts).
export { buildAgentPackage, type AgentPackage } from "./packaging/build-package.ts";
export { AGENT_VERSION } from "./version.ts";
