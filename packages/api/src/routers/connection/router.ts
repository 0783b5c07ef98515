// §7 Data-source connections (NOT the portal's upstreamConnection): list, get (§Q 9: the list
// filtered by id), create, update (rename), delete and generateToken. The registration token is a
// secret: it is returned only by generateToken, to an admin who asked for it, and stripped from
// every other answer.
import { CreateDataSourceConnectionRequestSchema, DataSourceConnectionSchema, PatchDataSourceConnectionRequestSchema } from "@lifeboat/contracts";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { ConnectionIdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { DeletedSchema, pageOf } from "../../services/outputs.ts";

const rest = restOf("connection");
/** Answers never carry the registration token (only generateToken does). */
const ConnectionOutput = DataSourceConnectionSchema.omit({ registrationToken: true });

const NameSchema = CreateDataSourceConnectionRequestSchema.shape.connectionName.max(200);
// Not `Omit<>`: the wire models are loose objects (index signature), which Omit would flatten.
function withoutToken<C extends { registrationToken?: string | undefined }>(connection: C): C & { registrationToken?: undefined } {
  const { registrationToken: _token, ...rest } = connection;
  return rest as C & { registrationToken?: undefined };
}

const list = areaProcedure("connection.list")
  .meta(rest("GET", "/connections", "List data-source connections"))
  .input(z.object({ ...PageInput, search: z.string().trim().max(200).optional() }))
  .output(pageOf(ConnectionOutput))
  .query(async ({ ctx, input }) => {
    const { connections = [] } = await ctx.upstream.getDataSourceConnections({}, ctx.call);
    const needle = input.search?.toLowerCase();
    const matching = needle ? connections.filter((c) => c.connectionName.toLowerCase().includes(needle)) : connections;
    // No upstream paging for connections (§0.5): sliced here by id.
    const page = slicePage(matching, (c) => c.connectionId ?? "", input);
    return { ...page, items: page.items.map(withoutToken) };
  });

const get = areaProcedure("connection.get")
  .meta(rest("GET", "/connections/{connectionId}", "Get a data-source connection"))
  .input(z.object({ connectionId: ConnectionIdSchema }))
  .output(ConnectionOutput)
  .query(async ({ ctx, input }) => withoutToken(await ctx.upstream.getDataSourceConnection(input.connectionId, ctx.call)));

const create = areaProcedure("connection.create")
  .meta(rest("POST", "/connections", "Create a data-source connection"))
  .output(ConnectionOutput)
  .input(CreateDataSourceConnectionRequestSchema.extend({ connectionName: NameSchema, ...IdempotentInput }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "connection.create", input, async () => {
      const { idempotencyKey: _k, ...body } = input;
      const created = await ctx.upstream.createDataSourceConnection({ body }, ctx.call);
      auditTargets(ctx.audit, created.connectionId);
      return withoutToken(created);
    }),
  );

const update = areaProcedure("connection.update")
  .meta(rest("PATCH", "/connections/{connectionId}", "Rename a data-source connection"))
  .input(PatchDataSourceConnectionRequestSchema.extend({ connectionId: ConnectionIdSchema, connectionName: NameSchema, ...IdempotentInput }))
  .output(ConnectionOutput)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "connection.update", input, async () =>
      withoutToken(
        await ctx.upstream.patchDataSourceConnection(
          { pathParams: { connectionId: input.connectionId }, body: { connectionName: input.connectionName } },
          ctx.call,
        ),
      ),
    ),
  );

const deleteConnection = areaProcedure("connection.delete")
  .meta(rest("DELETE", "/connections/{connectionId}", "Delete a data-source connection"))
  .input(z.object({ connectionId: ConnectionIdSchema, ...IdempotentInput }))
  .output(DeletedSchema({ connectionId: ConnectionIdSchema }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "connection.delete", input, async () => {
      await ctx.upstream.deleteDataSourceConnection({ pathParams: { connectionId: input.connectionId } }, ctx.call);
      return { connectionId: input.connectionId, deleted: true as const };
    }),
  );

/**
 * A new registration token for agents/connectors (§Q 8: a bare JSON string). Not idempotent on
 * purpose: a retry must not hand out a token that is no longer the current one, and the token is
 * never stored in the portal database.
 */
const generateToken = areaProcedure("connection.generateToken")
  .meta(rest("POST", "/connections/{connectionId}/registration-token", "Generate a registration token for agents of this connection"))
  .input(z.object({ connectionId: ConnectionIdSchema }))
  .output(z.object({ connectionId: z.string(), registrationToken: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const registrationToken = await ctx.upstream.generateDataSourceConnectionRegistrationToken(
      { pathParams: { connectionId: input.connectionId } },
      ctx.call,
    );
    return { connectionId: input.connectionId, registrationToken };
  });

export const connectionRouter = router({ list, get, create, update, delete: deleteConnection, generateToken });
