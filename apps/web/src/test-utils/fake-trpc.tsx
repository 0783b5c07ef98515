// For component tests only: a tRPC client whose link answers from a handler instead of HTTP, so a
// test sees exactly which procedure was called with which input, and controls the answer.
import type { AppRouter } from "@lifeboat/api";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { ReactNode } from "react";
import { TRPCProvider } from "@/trpc/react.tsx";

export interface Call {
  path: string;
  input: unknown;
}

export type Answer = { data: unknown } | { error: { message: string; data: Record<string, unknown> } };

export function fakeTrpc(handler: (call: Call) => Answer | Promise<Answer>) {
  const calls: Call[] = [];
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      const call = { path: op.path, input: op.input };
      calls.push(call);
      void Promise.resolve(handler(call)).then((answer) => {
        if ("data" in answer) {
          observer.next({ result: { type: "data", data: answer.data } });
          observer.complete();
        } else {
          observer.error(TRPCClientError.from({ error: { message: answer.error.message, code: -32600, data: answer.error.data } }));
        }
      });
    });
  const client = createTRPCClient<AppRouter>({ links: [link] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    );
  }
  return { calls, Wrapper };
}
