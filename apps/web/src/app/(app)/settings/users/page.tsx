import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin-only.tsx";
import { UsersView } from "@/components/settings/users-view.tsx";
import { getAnyAdminShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Users & roles" };

export default async function UsersPage() {
  if (!(await getAnyAdminShell())) return <AdminOnly />;
  return <UsersView />;
}
