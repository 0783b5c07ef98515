// §8 Agent: upgrade tasks and the installer download (binary, application/octet-stream).
import { z } from "zod";
import {
  AgentUpgradeTaskStateSchema, AgentUpgradeTaskStatesSchema, CreateUpgradeTaskRequestSchema,
  DownloadAgentRequestSchema,
} from "../models/connection.ts";
import { defineOperation } from "../operation.ts";
import { int64, nullTolerant } from "../wire.ts";
import { list } from "./shared.ts";

export const agentOperations = {
  getUpgradeTasks: defineOperation({
    name: "getUpgradeTasks",
    sdkName: "GetUpgradeTasks",
    area: "agent",
    method: "GET",
    path: "/data-protect/agents/upgrade-tasks",
    successStatus: 200,
    query: z.strictObject({ ids: list(int64()) }),
    response: nullTolerant(AgentUpgradeTaskStatesSchema),
    responseKind: "json",
    idempotent: true,
  }),
  downloadAgent: defineOperation({
    name: "downloadAgent",
    sdkName: "DownloadAgent",
    area: "agent",
    method: "POST",
    path: "/data-protect/agents/download",
    successStatus: 200,
    body: DownloadAgentRequestSchema,
    responseKind: "binary",
    idempotent: false,
  }),
  createUpgradeTask: defineOperation({
    name: "createUpgradeTask",
    sdkName: "CreateUpgradeTask",
    area: "agent",
    method: "POST",
    path: "/data-protect/agents/upgrade-tasks",
    successStatus: 201,
    body: CreateUpgradeTaskRequestSchema,
    response: nullTolerant(AgentUpgradeTaskStateSchema),
    responseKind: "json",
    idempotent: false,
  }),
} as const;
