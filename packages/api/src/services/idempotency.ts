// Idempotent mutations: a retried call with the same key (same user, workspace and procedure)
// gets the first call's result instead of acting twice. Rows live in PostgreSQL
// (IdempotencyKey) so retries that land on another web process are caught too.
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Db } from "../db.ts";

/** Client-chosen key (a UUID is typical); bounded like every other string. */
export const IdempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "Use at least 8 characters (a UUID is a good key)")
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, "Use letters, digits and . _ : - only");

export const IdempotentInput = { idempotencyKey: IdempotencyKeySchema.optional() };

const TTL_MS = 24 * 60 * 60 * 1000;
/** How long a retry waits for a first call that is still running before answering CONFLICT. */
const PENDING_WAIT_MS = 5_000;
const PENDING_POLL_MS = 100;

export interface IdempotencyScope {
  db: Db;
  userId: string;
  workspaceId: string;
  procedure: string;
}

/** Canonical JSON (sorted keys) so `{a,b}` and `{b,a}` hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function hashInput(input: unknown): string {
  const { idempotencyKey: _key, ...rest } = (input ?? {}) as Record<string, unknown>;
  return createHash("sha256").update(canonical(rest)).digest("hex");
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `action` once per key. The first call claims the key with a pending row; a retry with the
 * same input waits briefly for it and returns its stored result; a different input under the same
 * key is refused with CONFLICT. A failed first call releases the key, so the retry may try again.
 */
export async function withIdempotency<T>(
  scope: IdempotencyScope,
  key: string | undefined,
  input: unknown,
  action: () => Promise<T>,
): Promise<T> {
  if (!key) return action();
  const where = { userId: scope.userId, workspaceId: scope.workspaceId, procedure: scope.procedure, key };
  const inputHash = hashInput(input);
  const deadline = Date.now() + PENDING_WAIT_MS;
  for (;;) {
    try {
      await scope.db.idempotencyKey.create({
        data: { ...where, inputHash, state: "pending", expiresAt: new Date(Date.now() + TTL_MS) },
        select: { id: true },
      });
      break;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await scope.db.idempotencyKey.findUnique({
      where: { userId_workspaceId_procedure_key: where },
      select: { id: true, inputHash: true, state: true, result: true, expiresAt: true },
    });
    if (!row) continue; // released or expired between our insert and read: claim again
    if (row.expiresAt.getTime() <= Date.now()) {
      await scope.db.idempotencyKey.deleteMany({ where: { id: row.id, expiresAt: { lte: new Date() } } });
      continue;
    }
    if (row.inputHash !== inputHash) {
      throw new TRPCError({ code: "CONFLICT", message: "This idempotency key was already used with a different input" });
    }
    if (row.state === "done") return superjson.deserialize(row.result as unknown as Parameters<typeof superjson.deserialize>[0]) as T;
    if (Date.now() >= deadline) {
      throw new TRPCError({ code: "CONFLICT", message: "A request with this idempotency key is still in progress; retry shortly" });
    }
    await sleep(PENDING_POLL_MS);
  }

  let result: T;
  try {
    result = await action();
  } catch (error) {
    await scope.db.idempotencyKey.deleteMany({ where: { ...where, state: "pending" } });
    throw error;
  }
  const serialized = superjson.serialize(result) as unknown as object;
  await scope.db.idempotencyKey.update({
    where: { userId_workspaceId_procedure_key: where },
    data: { state: "done", result: serialized },
  });
  return result;
}

/** Deletes expired keys; for a periodic job (expired rows are also replaced lazily on reuse). */
export async function purgeExpiredIdempotencyKeys(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
