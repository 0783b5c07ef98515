// Workspace roles and their order. Every role decision of the BFF goes through `hasRole`, so the
// order viewer < operator < admin lives in exactly one table.
import { z } from "zod";

export const RoleSchema = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(actual: Role, minimum: Role): boolean {
  return RANK[actual] >= RANK[minimum];
}
