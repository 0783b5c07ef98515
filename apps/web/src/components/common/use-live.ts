"use client";
// Live run and recovery updates: the BFF's `protectionGroup.run.watch` / `recovery.watch`
// subscriptions (server-sent events through the split link in trpc/react.tsx). The server shares
// one poll loop per group, so many open pages cost the upstream nothing extra.
import { useSubscription } from "@trpc/tanstack-react-query";
import { useMemo } from "react";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";

export type RunRow = RouterOutputs["protectionGroup"]["run"]["list"]["items"][number];
export type RecoveryRow = RouterOutputs["recovery"]["list"]["items"][number];

export type LiveStatus = "off" | "connecting" | "live" | "error";

/**
 * The data of one subscription event. The BFF yields `tracked(id, data)`, which reaches the browser
 * as `{ id, data }` when the server's SSE adapter recognises the envelope, or as the raw envelope
 * `[id, data, null]` when it does not (the envelope is marked with a module-private Symbol, so a
 * second copy of @trpc/server in the server bundle sends it as a plain array). The repository keeps
 * one copy (root `overrides` in package.json); both shapes are still read so that a duplicate
 * slipping back in cannot freeze every live page at its first load again.
 */
export function untrack<T>(event: unknown): T {
  if (Array.isArray(event) && event.length === 3 && typeof event[0] === "string" && typeof event[1] === "object" && event[1] !== null && (event[2] === null || typeof event[2] === "symbol")) {
    return event[1] as T;
  }
  if (typeof event === "object" && event !== null && "data" in event && "id" in event) return (event as { data: T }).data;
  return event as T;
}

function liveStatus(sub: { status: string }, enabled: boolean): LiveStatus {
  if (!enabled) return "off";
  if (sub.status === "pending") return "live";
  if (sub.status === "error") return "error";
  return "connecting";
}

export interface LiveRuns {
  /** Latest known state of each recent run of the group, by run id. */
  byId: ReadonlyMap<string, RunRow>;
  status: LiveStatus;
  error: unknown;
  at: Date | null;
}

export function useLiveRuns(groupId: string | null): LiveRuns {
  const trpc = useTRPC();
  const enabled = groupId !== null;
  const sub = useSubscription(trpc.protectionGroup.run.watch.subscriptionOptions({ groupId: groupId ?? "" }, { enabled }));
  const event = sub.data === undefined ? null : untrack<{ runs: RunRow[]; at: Date }>(sub.data);
  const byId = useMemo(() => new Map((event?.runs ?? []).flatMap((r) => (r.id ? [[r.id, r] as const] : []))), [event]);
  return { byId, status: liveStatus(sub, enabled), error: sub.error, at: event?.at ?? null };
}

export interface LiveRecoveries {
  byId: ReadonlyMap<string, RecoveryRow>;
  status: LiveStatus;
  error: unknown;
}

export function useLiveRecoveries(ids?: string[], enabled = true): LiveRecoveries {
  const trpc = useTRPC();
  const sub = useSubscription(trpc.recovery.watch.subscriptionOptions(ids?.length ? { ids } : undefined, { enabled }));
  const event = sub.data === undefined ? null : untrack<{ recoveries: RecoveryRow[] }>(sub.data);
  const byId = useMemo(() => new Map((event?.recoveries ?? []).flatMap((r) => (r.id ? [[r.id, r] as const] : []))), [event]);
  return { byId, status: liveStatus(sub, enabled), error: sub.error };
}
