// The upstream request id of a *successful* call, for the audit row. The upstream client reports
// request ids only on errors, so the fetch it uses is wrapped: every response's id is handed to the
// area procedure that is running (found through AsyncLocalStorage), never to a global.
import { AsyncLocalStorage } from "node:async_hooks";

const REQUEST_ID_HEADERS = ["x-request-id", "x-correlation-id", "x-global-transaction-id", "x-transaction-id"];
const MAX_ID = 200;

const scope = new AsyncLocalStorage<(requestId: string) => void>();

/** Runs `fn`; ids of upstream responses received inside it go to `onRequestId`. */
export function withUpstreamRequestIds<T>(onRequestId: (requestId: string) => void, fn: () => Promise<T>): Promise<T> {
  return scope.run(onRequestId, fn);
}

/** A fetch that reports each response's request id to the procedure running it. */
export function captureUpstreamRequestIds(inner?: typeof fetch): typeof fetch {
  const wrapped = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    // Looked up per call, so a fetch replaced after start-up (tests, instrumentation) is used.
    const response = await (inner ?? globalThis.fetch)(input, init);
    const report = scope.getStore();
    if (report) {
      for (const name of REQUEST_ID_HEADERS) {
        const id = response.headers.get(name);
        if (id) {
          report(id.slice(0, MAX_ID));
          break;
        }
      }
    }
    return response;
  };
  return wrapped as typeof fetch;
}
