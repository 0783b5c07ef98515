import { router } from "../../trpc.ts";
import { changePassword } from "./change-password.ts";
import { get } from "./get.ts";
import { selectWorkspace } from "./select-workspace.ts";
import { sessionRouter } from "./session/router.ts";
import { twoFactorRouter } from "./two-factor/router.ts";

export const meRouter = router({ get, selectWorkspace, changePassword, session: sessionRouter, twoFactor: twoFactorRouter });
