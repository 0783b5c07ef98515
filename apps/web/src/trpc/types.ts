import type { AppRouter } from "@lifeboat/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type UpstreamConnectionRow = RouterOutputs["upstreamConnection"]["list"]["items"][number];
export type UserRow = RouterOutputs["user"]["list"]["items"][number];
export type AuditRow = RouterOutputs["audit"]["list"]["items"][number];
