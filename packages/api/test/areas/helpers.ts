// Shared set-up of the area router tests: a cast whose workspace is bound to an upstream connection
// (the real engine, or a local HTTP upstream), and small assertions on TRPCErrors.
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { Cast } from "../helpers/actors.ts";

export async function bindWorkspace(cast: Cast, upstream: { url: string; tenantId: string; apiKey: string }, name: string): Promise<string> {
  const admin = cast.caller("admin");
  const conn = await admin.upstreamConnection.create({
    name,
    kind: "engine",
    serviceUrl: `${upstream.url}/v2`,
    tenantId: upstream.tenantId,
    apiKey: upstream.apiKey,
  });
  await admin.workspace.update({ id: cast.workspaceId, connectionId: conn.id });
  return conn.id;
}

export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
