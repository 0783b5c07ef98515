// Server-only entry to the per-process singletons (see ./globals.ts).
import "server-only";

export { getDb, getLog, getUpstreamFor } from "./globals.ts";
