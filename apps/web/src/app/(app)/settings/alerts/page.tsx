import type { Metadata } from "next";
import { EmptyState } from "@lifeboat/ui";
import { AlertSettingsView } from "@/components/settings/alert-settings-view.tsx";
import { getShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Alert rules & channels" };

export default async function AlertSettingsPage() {
  const shell = await getShell();
  if (!shell.ok) return null;
  if (shell.data.selectedWorkspace?.role !== "admin") {
    return (
      <EmptyState title="Admins only">
        <p>Alert rules and channels are managed by the admins of the workspace.</p>
      </EmptyState>
    );
  }
  return <AlertSettingsView />;
}
