import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type EngineDb = PrismaClient;

export function createEngineDb(connectionString: string): EngineDb {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}
