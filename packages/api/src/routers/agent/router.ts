// §8 Agent: upgrade tasks (list, upgrade = create a task) and the installer download (a ticket the
// web route redeems; services/download-ticket.ts).
import { AgentUpgradeTaskStateSchema, CreateUpgradeTaskRequestSchema, DownloadAgentRequestSchema } from "@lifeboat/contracts";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { issueDownloadTicket } from "../../services/download-ticket.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { Int64IdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { IssuedTicketSchema, pageOf } from "../../services/outputs.ts";

const rest = restOf("agent");

const list = areaProcedure("agent.list")
  .meta(rest("GET", "/agent-upgrade-tasks", "List agent upgrade tasks"))
  .input(z.object({ ...PageInput, ids: z.array(Int64IdSchema).max(100).optional() }))
  .output(pageOf(AgentUpgradeTaskStateSchema))
  .query(async ({ ctx, input }) => {
    const { tasks = [] } = await ctx.upstream.getUpgradeTasks({ query: input.ids ? { ids: input.ids } : {} }, ctx.call);
    // No upstream paging for upgrade tasks (§0.5): sliced here by id.
    return slicePage(tasks, (t) => String(t.id ?? ""), input);
  });

const upgrade = areaProcedure("agent.upgrade")
  .meta(rest("POST", "/agent-upgrade-tasks", "Upgrade agents (creates an upgrade task)"))
  .output(AgentUpgradeTaskStateSchema)
  .input(
    CreateUpgradeTaskRequestSchema.extend({
      agentIDs: z.array(Int64IdSchema).min(1).max(1000),
      name: z.string().trim().max(200).optional(),
      description: z.string().max(1000).optional(),
      ...IdempotentInput,
    }),
  )
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "agent.upgrade", input, async () => {
      const { idempotencyKey: _k, ...body } = input;
      const task = await ctx.upstream.createUpgradeTask({ body }, ctx.call);
      auditTargets(ctx.audit, task.id, ...input.agentIDs);
      return task;
    }),
  );

const download = areaProcedure("agent.download")
  .meta(rest("POST", "/agent-installer/download-ticket", "A short-lived link to download the agent installer"))
  .input(DownloadAgentRequestSchema)
  .output(IssuedTicketSchema)
  .mutation(({ ctx, input }) => {
    auditTargets(ctx.audit, input.platform);
    return issueDownloadTicket(
      { userId: ctx.user.id, workspaceId: ctx.workspace.id },
      { kind: "agent", platform: input.platform, ...(input.linuxParams ? { packageType: input.linuxParams.packageType } : {}) },
    );
  });

export const agentRouter = router({ list, upgrade, download });
