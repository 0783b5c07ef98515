"use client";
// Cursor-paged list queries: tRPC `list` procedures return `{ items, nextCursor }` (STYLE.md), which
// TanStack's infinite queries page with these options; the loaded pages flatten into one row array
// that keeps its identity between renders (TanStack Table recomputes on a new array).
import { keepPreviousData } from "@tanstack/react-query";
import { useMemo } from "react";

/** Infinite-query options of a cursor list: the next cursor, and the previous rows kept while a new filter loads. */
export const CURSOR_PAGES = {
  getNextPageParam: <C>(page: { nextCursor?: C | null }): C | undefined => page.nextCursor ?? undefined,
  placeholderData: keepPreviousData,
};

/** Every loaded page's items, in order. */
export function useRows<T>(list: { data?: { pages: { items: T[] }[] } | undefined }): T[] {
  const { data } = list;
  return useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
}
