import type { Metadata } from "next";
import { EmptyState } from "@lifeboat/ui";
import { ApiTokensView } from "@/components/settings/api-tokens-view.tsx";
import { getShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "API tokens" };

/** Every signed-in user manages their own tokens here; admins see all of the workspace's. */
export default async function ApiTokensPage() {
  const shell = await getShell();
  if (!shell.ok) return null;
  const { user, selectedWorkspace } = shell.data;
  if (!selectedWorkspace) {
    return (
      <EmptyState title="No workspace selected">
        <p>API tokens belong to a workspace. Choose one in the workspace menu at the top, then come back here.</p>
      </EmptyState>
    );
  }
  return <ApiTokensView role={selectedWorkspace.role} userId={user.id} workspaceName={selectedWorkspace.name} />;
}
