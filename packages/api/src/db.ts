// The one place this package names the portal database's types. packages/db owns the Prisma
// client; we only take its type so handlers get full typing from the injected context.
import type { createDb } from "@lifeboat/db";

export type Db = ReturnType<typeof createDb>;
/** The client handed to `$transaction(async (tx) => …)` callbacks. */
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
