// Prisma's unique-violation error (P2002) becomes the API's 409 with a message naming the value.
import { conflict } from "./errors.ts";

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export async function uniqueOr409<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(message);
    throw e;
  }
}
