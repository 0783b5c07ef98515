// The BFF's root router: one router per area, mounted alphabetically.
import { auditRouter } from "./routers/audit/router.ts";
import { meRouter } from "./routers/me/router.ts";
import { upstreamConnectionRouter } from "./routers/upstream-connection/router.ts";
import { userRouter } from "./routers/user/router.ts";
import { workspaceRouter } from "./routers/workspace/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  audit: auditRouter,
  me: meRouter,
  upstreamConnection: upstreamConnectionRouter,
  user: userRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (React Server Components, tests): `createCaller(ctx).me.get()`. */
export const createCaller = createCallerFactory(appRouter);
