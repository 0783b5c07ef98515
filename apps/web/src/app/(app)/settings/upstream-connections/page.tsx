import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin-only.tsx";
import { UpstreamConnectionsView } from "@/components/settings/upstream-connections-view.tsx";
import { getInstanceAdminShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Upstream connections" };

export default async function UpstreamConnectionsPage() {
  if (!(await getInstanceAdminShell())) return <AdminOnly />;
  return <UpstreamConnectionsView />;
}
