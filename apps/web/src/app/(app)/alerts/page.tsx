import type { Metadata } from "next";
import { EmptyState } from "@lifeboat/ui";
import { AlertsView } from "@/components/alerts/alerts-view.tsx";
import { getShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const shell = await getShell();
  if (!shell.ok) return null;
  if (!shell.data.selectedWorkspace) {
    return (
      <EmptyState title="No workspace selected">
        <p>Alerts belong to a workspace. Choose one in the workspace menu at the top.</p>
      </EmptyState>
    );
  }
  return <AlertsView />;
}
