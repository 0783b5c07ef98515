// §10 Data-source connectors: list (optionally of one connection), get (the list filtered by id —
// there is no single GET), metadata (connector images), update (rename) and delete.
import { ConnectorMetadataSchema, DataSourceConnectorSchema, PatchDataSourceConnectorRequestSchema } from "@lifeboat/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { ConnectionIdSchema, ConnectorIdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { DeletedSchema, pageOf } from "../../services/outputs.ts";

const rest = restOf("connector");

const list = areaProcedure("connector.list")
  .meta(rest("GET", "/connectors", "List data-source connectors (agents), optionally of one connection"))
  .input(z.object({ ...PageInput, connectionId: ConnectionIdSchema.optional() }))
  .output(pageOf(DataSourceConnectorSchema))
  .query(async ({ ctx, input }) => {
    const query = input.connectionId ? { connectionId: input.connectionId } : {};
    const { connectors = [] } = await ctx.upstream.getDataSourceConnectors({ query }, ctx.call);
    // No upstream paging for connectors (§0.5): sliced here by id.
    return slicePage(connectors, (c) => c.connectorId ?? "", input);
  });

const get = areaProcedure("connector.get")
  .meta(rest("GET", "/connectors/{connectorId}", "Get a data-source connector"))
  .input(z.object({ connectorId: ConnectorIdSchema }))
  .output(DataSourceConnectorSchema)
  .query(async ({ ctx, input }) => {
    const { connectors = [] } = await ctx.upstream.getDataSourceConnectors({ query: { connectorIds: [input.connectorId] } }, ctx.call);
    const found = connectors.find((c) => c.connectorId === input.connectorId);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `Connector ${input.connectorId} does not exist` });
    return found;
  });

const metadata = areaProcedure("connector.metadata")
  .meta(rest("GET", "/connector-metadata", "Connector images and their download URLs"))
  .input(z.void())
  .output(ConnectorMetadataSchema)
  .query(({ ctx }) => ctx.upstream.getConnectorMetadata({}, ctx.call));

const update = areaProcedure("connector.update")
  .meta(rest("PATCH", "/connectors/{connectorId}", "Rename a data-source connector"))
  .output(DataSourceConnectorSchema)
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
  .meta(rest("DELETE", "/connectors/{connectorId}", "Delete a data-source connector (its agent is told to stop)"))
  .input(z.object({ connectorId: ConnectorIdSchema, ...IdempotentInput }))
  .output(DeletedSchema({ connectorId: ConnectorIdSchema }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "connector.delete", input, async () => {
      auditTargets(ctx.audit, input.connectorId);
      await ctx.upstream.deleteDataSourceConnector({ pathParams: { connectorId: input.connectorId } }, ctx.call);
      return { connectorId: input.connectorId, deleted: true as const };
    }),
  );

export const connectorRouter = router({ list, get, metadata, update, delete: deleteConnector });
