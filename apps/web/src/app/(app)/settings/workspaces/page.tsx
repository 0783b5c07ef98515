import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin-only.tsx";
import { WorkspacesView } from "@/components/settings/workspaces-view.tsx";
import { getInstanceAdminShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const shell = await getInstanceAdminShell();
  if (!shell) return <AdminOnly />;
  return <WorkspacesView currentWorkspaceId={shell.selectedWorkspace?.id ?? null} />;
}
