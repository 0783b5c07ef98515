// The "new user" form. Rules mirror the BFF's (packages/api schemas.ts) so mistakes show while
// typing; the BFF re-checks and its field errors land on the same fields.
import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type RoleValue = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<RoleValue, string> = {
  viewer: "sees everything in the workspace, changes nothing",
  operator: "also runs backups and recoveries",
  admin: "also manages the workspace's members and settings",
};

export const NewUserFormSchema = z.object({
  email: z.string().trim().min(1, "The email is required").max(254, "At most 254 characters").pipe(z.email("Give a valid email address")),
  name: z.string().trim().max(100, "At most 100 characters"),
  // Empty: the BFF generates a strong password and returns it once.
  password: z.string().refine((v) => v === "" || v.length >= 12, "Use at least 12 characters, or leave empty to generate one").refine((v) => v.length <= 200, "At most 200 characters"),
  role: z.enum([...ROLES, "none"]),
  isOps: z.boolean(),
});

export type NewUserFormValues = z.input<typeof NewUserFormSchema>;

export const EMPTY_NEW_USER: NewUserFormValues = { email: "", name: "", password: "", role: "viewer", isOps: false };

/** BFF input of `user.create`; the membership goes to the workspace the admin is looking at. */
export function toCreateUserInput(values: NewUserFormValues, workspaceId: string | null) {
  const email = values.email.trim().toLowerCase();
  const name = values.name.trim();
  return {
    email,
    ...(name ? { name } : {}),
    ...(values.password ? { password: values.password } : {}),
    isOps: values.isOps,
    ...(values.role !== "none" && workspaceId ? { membership: { workspaceId, role: values.role } } : {}),
  };
}
