import { router } from "../../trpc.ts";
import { create } from "./create.ts";
import { deleteUser } from "./delete.ts";
import { list } from "./list.ts";
import { removeFromWorkspace } from "./remove-from-workspace.ts";
import { resetPassword } from "./reset-password.ts";
import { resetTwoFactor } from "./reset-two-factor.ts";
import { setRole } from "./set-role.ts";
import { update } from "./update.ts";

export const userRouter = router({
  list,
  create,
  update,
  resetPassword,
  resetTwoFactor,
  setRole,
  removeFromWorkspace,
  delete: deleteUser,
});
