// @vitest-environment happy-dom
import type { AppRouter } from "@lifeboat/api";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, type TRPCLink } from "@trpc/client";
import { observable, type Observer } from "@trpc/server/observable";
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { TRPCProvider } from "@/trpc/react.tsx";
import { untrack, useLiveRecoveries, useLiveRuns } from "@/components/common/use-live.ts";

afterEach(cleanup);

/** A fake subscription: the test pushes events (or an error) into whatever the hook opened. */
function fakeSubscriptions() {
  const opened: { path: string; input: unknown; observer: Observer<unknown, unknown>; closed: boolean }[] = [];
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      const entry = { path: op.path, input: op.input, observer: observer as Observer<unknown, unknown>, closed: false };
      opened.push(entry);
      return () => {
        entry.closed = true;
      };
    });
  const client = createTRPCClient<AppRouter>({ links: [link] });
  const queryClient = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
  const push = (data: unknown) => act(() => opened.at(-1)?.observer.next({ result: { type: "data", data } } as never));
  return { opened, wrapper, push };
}

const run = (id: string, status: string, progress: number | null) => ({
  id,
  localBackupInfo: { status },
  view: { status, finished: false, startedAt: null, endedAt: null, durationMs: 1000, progress, etaMs: 5000 },
});

describe("useLiveRuns", () => {
  it("subscribes to the group's run watch and keeps the latest state of each run", async () => {
    const { opened, wrapper, push } = fakeSubscriptions();
    const { result, unmount } = renderHook(() => useLiveRuns("1:2:3"), { wrapper });
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]).toMatchObject({ path: "protectionGroup.run.watch", input: { groupId: "1:2:3" } });

    push({ id: "1", data: { groupId: "1:2:3", runs: [run("r1", "Running", 0.25)], at: new Date() } });
    await waitFor(() => expect(result.current.byId.get("r1")?.view.progress).toBe(0.25));
    push({ id: "2", data: { groupId: "1:2:3", runs: [run("r1", "Running", 0.75), run("r2", "Accepted", null)], at: new Date() } });
    await waitFor(() => expect(result.current.byId.get("r1")?.view.progress).toBe(0.75));
    expect([...result.current.byId.keys()]).toEqual(["r1", "r2"]);
    expect(result.current.status).toBe("live");

    unmount();
    expect(opened[0]?.closed).toBe(true);
  });

  it("reads events sent as the raw tracked envelope [id, data, null] (a second @trpc/server copy on the server)", async () => {
    const { opened, wrapper, push } = fakeSubscriptions();
    const { result } = renderHook(() => useLiveRecoveries(["1:2:9"]), { wrapper });
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]).toMatchObject({ path: "recovery.watch", input: { ids: ["1:2:9"] } });
    push(["1", { recoveries: [{ id: "1:2:9", status: "Running", view: { status: "Running" } }], error: null, at: new Date() }, null]);
    await waitFor(() => expect(result.current.byId.get("1:2:9")?.status).toBe("Running"));
    push(["2", { recoveries: [{ id: "1:2:9", status: "Succeeded", view: { status: "Succeeded" } }], error: null, at: new Date() }, null]);
    await waitFor(() => expect(result.current.byId.get("1:2:9")?.status).toBe("Succeeded"));
  });

  it("untracks both envelope shapes and leaves plain data alone", () => {
    const data = { runs: [] };
    expect(untrack(["7", data, null])).toBe(data);
    expect(untrack({ id: "7", data })).toBe(data);
    expect(untrack(data)).toBe(data);
    expect(untrack([1, 2, 3])).toEqual([1, 2, 3]);
  });

  it("opens nothing without a group", () => {
    const { opened, wrapper } = fakeSubscriptions();
    const { result } = renderHook(() => useLiveRuns(null), { wrapper });
    expect(opened).toHaveLength(0);
    expect(result.current.status).toBe("off");
  });
});
