import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin-only.tsx";
import { AuditView } from "@/components/settings/audit-view.tsx";
import { getAdminShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  if (!(await getAdminShell())) return <AdminOnly />;
  return <AuditView />;
}
