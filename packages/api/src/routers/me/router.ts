import { router } from "../../trpc.ts";
import { changePassword } from "./change-password.ts";
import { get } from "./get.ts";
import { selectWorkspace } from "./select-workspace.ts";

export const meRouter = router({ get, selectWorkspace, changePassword });
