import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell.tsx";
import { SessionInvalid } from "@/components/shell/session-invalid.tsx";
import { getShell } from "@/server/shell.ts";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const shell = await getShell();
  if (!shell.ok) return <SessionInvalid />;
  // The BFF refuses everything else until it is set up; the page says why and sets it up.
  if (shell.data.twoFactorSetupRequired) redirect("/setup-two-factor");
  return <AppShell shell={shell.data}>{children}</AppShell>;
}
