import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;

/**
 * The portal database client. The only place that constructs the generated Prisma client; callers
 * own its lifetime (`await db.$disconnect()` when done).
 */
export function createDb(url: string): Db {
  if (!url) throw new Error("createDb: the database URL is empty (set DATABASE_URL)");
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
