"use client";
import { useQuery } from "@tanstack/react-query";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { useTRPC } from "@/trpc/react.tsx";

/**
 * The engine URL for install commands: the origin of the first Lifeboat-engine upstream connection
 * (admins only can list them). Undefined otherwise — the downloaded installer carries the URL of
 * the engine it came from, so the command still works without it.
 */
export function useEngineUrl(): string | undefined {
  const trpc = useTRPC();
  const isAdmin = useIsAdmin();
  const list = useQuery({ ...trpc.upstreamConnection.list.queryOptions({ limit: 50 }), enabled: isAdmin });
  const engine = list.data?.items.find((c) => c.kind !== "ibm");
  if (!engine) return undefined;
  try {
    return new URL(engine.serviceUrl).origin;
  } catch {
    return undefined;
  }
}
