// Database errors → tRPC codes. The mapping itself lives in packages/db (`mapPrismaError`, whose
// DbError codes are named like tRPC's on purpose); this file only hands its answer to errors.ts.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { mapPrismaError } from "@lifeboat/db";

export function dbErrorCode(error: unknown): { code: TRPC_ERROR_CODE_KEY; message: string } | null {
  const mapped = mapPrismaError(error);
  if (!mapped) return null;
  // DbError messages name models and fields, never values (packages/db/src/errors.ts).
  return { code: mapped.code, message: mapped.message };
}
