// §9 Objects and search: snapshots of one object, object search, protected-object search and the
// indexed file search. The upstream pages searches by paginationCookie (or not at all for
// protected objects); the upstream client hides that behind opaque cursors (§0.5).
import { ObjectSnapshotSchema, operations, ProtectedObjectSchema, SearchIndexedObjectsRequestSchema, SearchObjectSchema } from "@lifeboat/contracts";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure } from "../../services/area-procedure.ts";
import { Int64IdSchema } from "../../services/ids.ts";
import { PageInput } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { IndexedObjectSchema, pageOf } from "../../services/outputs.ts";

const rest = restOf("object");
// The reads below go by POST on the REST door: their filters are objects, which a query string cannot carry.

const SearchText = z.string().trim().max(500).optional();

const snapshots = areaProcedure("object.snapshots")
  .meta(rest("POST", "/objects/{id}/snapshots/search", "Snapshots of one object (filters in the body)"))
  .output(z.object({ items: z.array(ObjectSnapshotSchema) }))
  .input(
    z.object({
      id: Int64IdSchema,
      filter: operations.getObjectSnapshots.query
        .pick({ fromTimeUsecs: true, toTimeUsecs: true, protectionGroupIds: true, runTypes: true, snapshotActions: true })
        .optional(),
    }),
  )
  .query(async ({ ctx, input }) => {
    const { snapshots: items = [] } = await ctx.upstream.getObjectSnapshots({ pathParams: { id: input.id }, query: input.filter ?? {} }, ctx.call);
    return { items };
  });

const search = areaProcedure("object.search")
  .meta(rest("POST", "/objects/search", "Search objects of registered sources"))
  .output(pageOf(SearchObjectSchema))
  .input(
    z.object({
      ...PageInput,
      searchString: SearchText,
      filter: operations.searchObjects.query
        .pick({ environments: true, protectionTypes: true, protectionGroupIds: true, isProtected: true, isDeleted: true, osTypes: true, sourceIds: true })
        .optional(),
    }),
  )
  .query(({ ctx, input }) =>
    ctx.upstream.searchObjectsPage(
      { ...input.filter, ...(input.searchString ? { searchString: input.searchString } : {}) },
      { cursor: input.cursor, limit: input.limit },
      ctx.call,
    ),
  );

/** SearchProtectedObjects has no upstream paging: the client slices by offset cursor (§0.5). */
const searchProtected = areaProcedure("object.searchProtected")
  .meta(rest("POST", "/protected-objects/search", "Search protected objects"))
  .output(pageOf(ProtectedObjectSchema))
  .input(
    z.object({
      ...PageInput,
      searchString: SearchText,
      filter: operations.searchProtectedObjects.query
        .pick({ environments: true, protectionGroupIds: true, objectIds: true, sourceIds: true, filterSnapshotFromUsecs: true, filterSnapshotToUsecs: true })
        .optional(),
    }),
  )
  .query(({ ctx, input }) =>
    ctx.upstream.protectedObjectsPage(
      { ...input.filter, ...(input.searchString ? { searchString: input.searchString } : {}) },
      { cursor: input.cursor, limit: input.limit },
      ctx.call,
    ),
  );

/** Files (or other indexed objects) inside snapshots. The tenant is the workspace's, never input. */
const searchFiles = areaProcedure("object.searchFiles")
  .meta(rest("POST", "/indexed-objects/search", "Search files (or other indexed objects) inside snapshots"))
  .output(pageOf(IndexedObjectSchema))
  .input(
    SearchIndexedObjectsRequestSchema.omit({ tenantId: true, includeTenants: true, paginationCookie: true, count: true }).extend(PageInput),
  )
  .query(({ ctx, input }) => {
    const { cursor, limit, ...body } = input;
    return ctx.upstream.searchIndexedObjectsPage(body, { cursor, limit }, ctx.call);
  });

export const objectRouter = router({ snapshots, search, searchProtected, searchFiles });
