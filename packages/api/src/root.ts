// The BFF's root router: one router per area, mounted alphabetically.
import { agentRouter } from "./routers/agent/router.ts";
import { alertRouter } from "./routers/alert/router.ts";
import { alertSettingsRouter } from "./routers/alert/settings-router.ts";
import { alertChannelRouter } from "./routers/alert-channel/router.ts";
import { alertRuleRouter } from "./routers/alert-rule/router.ts";
import { apiTokenRouter } from "./routers/api-token/router.ts";
import { auditRouter } from "./routers/audit/router.ts";
import { connectionRouter } from "./routers/connection/router.ts";
import { connectorRouter } from "./routers/connector/router.ts";
import { dashboardRouter } from "./routers/dashboard/router.ts";
import { instanceSettingsRouter } from "./routers/instance-settings/router.ts";
import { meRouter } from "./routers/me/router.ts";
import { objectRouter } from "./routers/object/router.ts";
import { policyRouter } from "./routers/policy/router.ts";
import { protectionGroupRouter } from "./routers/protection-group/router.ts";
import { recoveryRouter } from "./routers/recovery/router.ts";
import { reportRouter } from "./routers/report/router.ts";
import { sourceRouter } from "./routers/source/router.ts";
import { upstreamConnectionRouter } from "./routers/upstream-connection/router.ts";
import { userRouter } from "./routers/user/router.ts";
import { workspaceRouter } from "./routers/workspace/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  agent: agentRouter,
  alert: alertRouter,
  alertChannel: alertChannelRouter,
  alertRule: alertRuleRouter,
  alertSettings: alertSettingsRouter,
  apiToken: apiTokenRouter,
  audit: auditRouter,
  connection: connectionRouter,
  connector: connectorRouter,
  dashboard: dashboardRouter,
  instanceSettings: instanceSettingsRouter,
  me: meRouter,
  object: objectRouter,
  policy: policyRouter,
  protectionGroup: protectionGroupRouter,
  recovery: recoveryRouter,
  report: reportRouter,
  source: sourceRouter,
  upstreamConnection: upstreamConnectionRouter,
  user: userRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (React Server Components, tests): `createCaller(ctx).me.get()`. */
export const createCaller = createCallerFactory(appRouter);
