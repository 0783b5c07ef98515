import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState } from "@lifeboat/ui";
import { Users } from "lucide-react";
import { DashboardView } from "@/components/dashboard/dashboard-view.tsx";
import { NavIcon } from "@/components/shell/nav-icon.tsx";
import { AREAS } from "@/lib/areas.ts";
import { AREA_ICONS } from "@/lib/navigation.ts";
import { getShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const shell = await getShell();
  const workspace = shell.ok ? shell.data.selectedWorkspace : null;
  const noWorkspace =
    shell.ok && shell.data.workspaces.length > 0
      ? "You no longer have access to the workspace you last used: choose another one in the header."
      : "You are not a member of any workspace yet. Ask an admin to grant you a role.";
  return (
    <>
      <DashboardView
        workspaceName={workspace?.name ?? null}
        isOps={shell.ok && shell.data.user.isOps}
        description={workspace ? `Workspace ${workspace.name} — you are ${workspace.role}.` : noWorkspace}
      />
      {!workspace && !(shell.ok && shell.data.user.isOps) ? (
        <EmptyState icon={<Users />} title="No workspace selected" className="my-8">
          <p>{noWorkspace}</p>
        </EmptyState>
      ) : null}
      <h2 className="mt-8 mb-3 text-sm font-semibold text-muted-foreground uppercase">Areas</h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4">
        {AREAS.map((area) => (
          <Link key={area.slug} href={`/${area.slug}`} className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Card className="h-full p-4 transition-colors hover:bg-muted/40">
              <p className="flex items-center gap-2 font-medium">
                <NavIcon name={AREA_ICONS[area.slug] ?? "circle"} className="h-4 w-4 text-primary" />
                {area.label}
              </p>
              <p className="mt-1 text-sm text-muted-foreground">{area.description}</p>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
