// `{ cursor, limit }` → `{ items, nextCursor }` for upstream listings that return everything at
// once (policies, groups, registrations, connections, connectors, recoveries, upgrade tasks; see
// reference §0.5: only search and runs page upstream). We sort by a stable key and page by keyset
// (items after the last key seen), so a record added or removed between pages neither repeats
// nor shifts the others. The cursor is the last key, base64url-encoded.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { LimitSchema } from "../schemas.ts";

export const CursorSchema = z.string().max(4096).nullish();
export const PageInput = { cursor: CursorSchema, limit: LimitSchema };

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

function decode(cursor: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new TRPCError({ code: "BAD_REQUEST", message: "cursor is not valid" });
  return Buffer.from(cursor, "base64url").toString("utf8");
}

/** Compares numeric-looking ids (`12`, `1:2:30`) part by part as numbers, others as strings. */
export function compareKeys(a: string, b: string): number {
  const pa = a.split(":");
  const pb = b.split(":");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return x.length !== y.length ? x.length - y.length : x < y ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** One page in key order (`desc`: largest key first, e.g. newest first where ids grow). */
export function slicePage<T>(
  all: readonly T[],
  keyOf: (item: T) => string,
  page: { cursor?: string | null | undefined; limit: number },
  order: "asc" | "desc" = "asc",
): PageOf<T> {
  const sign = order === "asc" ? 1 : -1;
  const sorted = [...all].sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)));
  const after = page.cursor ? decode(page.cursor) : null;
  const rest = after === null ? sorted : sorted.filter((item) => sign * compareKeys(keyOf(item), after) > 0);
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rest.length > page.limit && last ? Buffer.from(keyOf(last), "utf8").toString("base64url") : null,
  };
}
