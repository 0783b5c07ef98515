// @lifeboat/launcher: starts the whole stack (`npm start`); startStack is also what tests use.
export { startStack, type Stack, type StartStackOptions } from "./stack.ts";
export { loadStackSecrets, type StackSecrets } from "./secrets.ts";
export { localRegistrationToken, LOCAL_CONNECTION_NAME } from "./local-agent.ts";
export type { Child, ChildExit } from "./children.ts";
export { defaultDataDir } from "./paths.ts";
