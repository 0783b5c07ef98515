import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type EngineDb = PrismaClient;

// The connection string each client was made from, for the few paths that need a plain pg client
// (COPY … FROM STDIN of the file index, which Prisma cannot stream).
const urls = new WeakMap<EngineDb, string>();

export function createEngineDb(connectionString: string): EngineDb {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  urls.set(db, connectionString);
  return db;
}

/** The connection string `db` was created from (createEngineDb). */
export function connectionStringOf(db: EngineDb): string {
  const url = urls.get(db);
  if (!url) throw new Error("this database client was not made by createEngineDb: its connection string is unknown");
  return url;
}
