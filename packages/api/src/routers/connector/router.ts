// §10 Data-source connectors: list (optionally of one connection), get (the list filtered by id —
// there is no single GET), metadata (connector images), update (rename) and delete.
import { PatchDataSourceConnectorRequestSchema } from "@lifeboat/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { ConnectionIdSchema, ConnectorIdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";

const list = areaProcedure("connector.list")
  .input(z.object({ ...PageInput, connectionId: ConnectionIdSchema.optional() }))
  .query(async ({ ctx, input }) => {
    const query = input.connectionId ? { connectionId: input.connectionId } : {};
    const { connectors = [] } = await ctx.upstream.getDataSourceConnectors({ query }, ctx.call);
    // No upstream paging for connectors (§0.5): sliced here by id.
    return slicePage(connectors, (c) => c.connectorId ?? "", input);
  });

const get = areaProcedure("connector.get")
  .input(z.object({ connectorId: ConnectorIdSchema }))
  .query(async ({ ctx, input }) => {
    const { connectors = [] } = await ctx.upstream.getDataSourceConnectors({ query: { connectorIds: [input.connectorId] } }, ctx.call);
    const found = connectors.find((c) => c.connectorId === input.connectorId);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `Connector ${input.connectorId} does not exist` });
    return found;
  });

const metadata = areaProcedure("connector.metadata")
  .input(z.void())
  .query(({ ctx }) => ctx.upstream.getConnectorMetadata({}, ctx.call));

const update = areaProcedure("connector.update")
  .input(
    PatchDataSourceConnectorRequestSchema.extend({
      connectorId: ConnectorIdSchema,
      connectorName: PatchDataSourceConnectorRequestSchema.shape.connectorName.unwrap().max(200),
      ...IdempotentInput,
    }),
  )
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "connector.update", input, async () => {
      auditTargets(ctx.audit, input.connectorId);
      return ctx.upstream.patchDataSourceConnector(
        { pathParams: { connectorId: input.connectorId }, body: { connectorName: input.connectorName } },
        ctx.call,
      );
    }),
  );

const deleteConnector = areaProcedure("connector.delete")
  .input(z.object({ connectorId: ConnectorIdSchema, ...IdempotentInput }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "connector.delete", input, async () => {
      auditTargets(ctx.audit, input.connectorId);
      await ctx.upstream.deleteDataSourceConnector({ pathParams: { connectorId: input.connectorId } }, ctx.call);
      return { connectorId: input.connectorId, deleted: true as const };
    }),
  );

export const connectorRouter = router({ list, get, metadata, update, delete: deleteConnector });
