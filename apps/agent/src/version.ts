// The agent's version. The packer bakes the package's version into the bundle with esbuild's
// `define`; running from source (tsx) falls back to apps/agent/package.json.
import pkg from "../package.json" with { type: "json" };

declare const __LIFEBOAT_AGENT_VERSION__: string | undefined;

export const AGENT_VERSION: string =
  typeof __LIFEBOAT_AGENT_VERSION__ === "string" ? __LIFEBOAT_AGENT_VERSION__ : pkg.version;

/** A version string that is safe as one path segment (`versions/<version>`). */
export const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;
