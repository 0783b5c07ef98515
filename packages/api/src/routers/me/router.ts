import { router } from "../../trpc.ts";
import { get } from "./get.ts";
import { selectWorkspace } from "./select-workspace.ts";

export const meRouter = router({ get, selectWorkspace });
