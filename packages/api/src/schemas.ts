// Input building blocks shared by the routers. Every string is bounded (STYLE.md).
import { z } from "zod";

/** Portal record ids (cuid). */
export const IdSchema = z.string().trim().min(1).max(64);
export const LimitSchema = z.number().int().min(1).max(100).default(50);
export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const PersonNameSchema = z.string().trim().min(1).max(100);
/** argon2 hashes long inputs fine; the bound only stops megabyte payloads. */
export const PasswordSchema = z.string().min(12, "Use at least 12 characters").max(200);
export const WorkspaceNameSchema = z.string().trim().min(1).max(80);

export function page<T>(rows: T[], limit: number, cursorOf: (row: T) => string) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? cursorOf(last) : null };
}
