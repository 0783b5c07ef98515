// Unit test of the base procedures' gatekeeping over a stand-in db (the router tests in test/
// cover the same rules against real PostgreSQL).
import { describe, expect, it } from "vitest";
import type { Context } from "./context.ts";
import { createApiRateLimiter } from "./rate-limit/api-rate-limiter.ts";
import { silentLog } from "./log.ts";
import { createCallerFactory, opsProcedure, router, workspaceProcedure } from "./trpc.ts";

const users = {
  ops: { id: "u-ops", email: "ops@x.test", name: null, isOps: true, isInstanceAdmin: false, disabled: false },
  plain: { id: "u-plain", email: "plain@x.test", name: null, isOps: false, isInstanceAdmin: false, disabled: false },
};
const memberships: Record<string, { role: "viewer" | "operator" | "admin"; workspace: { id: string; name: string; connectionId: null } }> = {
  "u-plain": { role: "operator", workspace: { id: "w1", name: "Main", connectionId: null } },
};

const db = {
  // authedProcedure re-reads a caller without a browser session: id, and not disabled.
  user: {
    findFirst: async ({ where }: { where: { id: string; disabled: boolean } }) =>
      Object.values(users).find((u) => u.id === where.id && u.disabled === where.disabled) ?? null,
  },
  membership: { findFirst: async ({ where }: { where: { userId: string } }) => memberships[where.userId] ?? null },
  auditEvent: { create: async () => ({}) },
};

const testRouter = router({
  dashboard: opsProcedure.query(({ ctx }) => `ops view for ${ctx.user.email}`),
  runNow: workspaceProcedure("operator").mutation(({ ctx }) => `${ctx.role} in ${ctx.workspace.name}`),
  configure: workspaceProcedure("admin").mutation(() => "configured"),
});
const createCaller = createCallerFactory(testRouter);

function callerAs(user: { id: string; email: string } | null) {
  return createCaller({
    db,
    session: user ? { user } : null,
    clientIp: null,
    log: silentLog,
    selectedWorkspaceId: null,
    persistWorkspaceSelection: () => {},
    upstreamFor: async () => {
      throw new Error("not used");
    },
    apiToken: null,
    rateLimiter: createApiRateLimiter(),
  } as unknown as Context);
}

describe("base procedures", () => {
  it("opens the ops dashboard to ops users only", async () => {
    expect(await callerAs(users.ops).dashboard()).toBe("ops view for ops@x.test");
    await expect(callerAs(users.plain).dashboard()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(null).dashboard()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("checks the workspace role against the minimum", async () => {
    expect(await callerAs(users.plain).runNow()).toBe("operator in Main");
    await expect(callerAs(users.plain).configure()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'This needs the admin role in workspace "Main" (you are operator)',
    });
    // ops without a membership has no workspace role at all.
    await expect(callerAs(users.ops).runNow()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
