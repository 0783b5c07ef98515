import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, PageHeader } from "@lifeboat/ui";
import { SessionsCard } from "@/components/settings/sessions-card.tsx";
import { InstanceSecurityCard, TwoFactorCard } from "@/components/settings/two-factor-card.tsx";
import { NavIcon } from "@/components/shell/nav-icon.tsx";
import { settingsLinksFor } from "@/lib/navigation.ts";
import { getShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const shell = await getShell();
  if (!shell.ok) return null;
  const { user, workspaces, selectedWorkspace } = shell.data;
  const links = settingsLinksFor(selectedWorkspace?.role ?? null, user.isInstanceAdmin);
  return (
    <>
      <PageHeader title="Settings" description="Your account, and the portal's administration for admins." />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 font-semibold">Your account</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-muted-foreground">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-muted-foreground">Name</dt>
          <dd>{user.name ?? "—"}</dd>
          <dt className="text-muted-foreground">Workspaces</dt>
          <dd className="flex flex-wrap gap-2">
            {workspaces.length === 0 ? "None yet" : null}
            {workspaces.map((w) => (
              <span key={w.id} className="flex items-center gap-1">
                {w.name} <Badge>{w.role}</Badge>
              </span>
            ))}
          </dd>
          {user.isOps ? (
            <>
              <dt className="text-muted-foreground">Ops</dt>
              <dd>Sees the ops dashboard across all workspaces</dd>
            </>
          ) : null}
        </dl>
      </Card>
      <TwoFactorCard />
      <SessionsCard />
      {user.isInstanceAdmin ? <InstanceSecurityCard /> : null}
      {links.length > 0 ? (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
          {links.map((link) => (
            <Link key={link.href} href={link.href} className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
              <Card className="flex h-full items-center gap-3 p-4 hover:bg-muted/40">
                <NavIcon name={link.icon} className="h-5 w-5 text-primary" />
                <span className="font-medium">{link.label}</span>
              </Card>
            </Link>
          ))}
        </div>
      ) : null}
    </>
  );
}
