import { router } from "../../trpc.ts";
import { create } from "./create.ts";
import { deleteWorkspace } from "./delete.ts";
import { get } from "./get.ts";
import { list } from "./list.ts";
import { update } from "./update.ts";

export const workspaceRouter = router({ list, get, create, update, delete: deleteWorkspace });
