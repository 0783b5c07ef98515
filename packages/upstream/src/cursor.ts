// Opaque cursors: base64url JSON that the BFF hands to a browser and gets back unchanged. They
// carry upstream paging state (a paginationCookie, a run time window, an offset), tagged with the
// kind of listing so a cursor of one listing is refused by another.
import { UpstreamError } from "./errors.ts";

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | null | undefined;
  /** Page size, 1..1000 (default 50). */
  limit?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;
const MAX_CURSOR_CHARS = 4096;

export function pageSize(limit: number | undefined): number {
  const size = limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new UpstreamError({ status: 400, code: "InvalidRequest", message: `limit must be an integer between 1 and 1000, got ${size}` });
  }
  return size;
}

export function encodeCursor(kind: string, state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ k: kind, ...state }), "utf8").toString("base64url");
}

function invalidCursor(reason: string): UpstreamError {
  return new UpstreamError({ status: 400, code: "InvalidCursor", message: `cursor is not valid: ${reason}` });
}

/** Undefined for a first page; the state for a cursor this kind of listing issued. */
export function decodeCursor(kind: string, cursor: string | null | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === null || cursor === "") return undefined;
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor("not a base64url string");
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor("not a cursor of this client");
  }
  if (typeof state !== "object" || state === null || (state as { k?: unknown }).k !== kind) {
    throw invalidCursor(`not a cursor of the ${kind} listing`);
  }
  return state as Record<string, unknown>;
}

/** Walks every page of a cursor listing, yielding items. */
export async function* iteratePages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
