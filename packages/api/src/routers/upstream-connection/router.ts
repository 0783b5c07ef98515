import { router } from "../../trpc.ts";
import { create } from "./create.ts";
import { deleteConnection } from "./delete.ts";
import { get } from "./get.ts";
import { list } from "./list.ts";
import { test } from "./test.ts";
import { update } from "./update.ts";

export const upstreamConnectionRouter = router({ list, get, create, update, delete: deleteConnection, test });
