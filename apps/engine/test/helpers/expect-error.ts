import { expect } from "vitest";
import { isUpstreamError } from "@lifeboat/upstream";

/** Awaits a client call that must fail with `status`; returns the error for further checks. */
export async function expectUpstreamError(call: Promise<unknown>, status: number, message?: RegExp) {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isUpstreamError(err)) throw new Error(`expected an UpstreamError ${status}, got ${err === undefined ? "success" : String(err)}`);
  expect({ status: err.status, message: err.message }).toMatchObject({ status, ...(message ? { message: expect.stringMatching(message) } : {}) });
  return err;
}
