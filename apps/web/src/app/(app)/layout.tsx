import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell.tsx";
import { SessionInvalid } from "@/components/shell/session-invalid.tsx";
import { getShell } from "@/server/shell.ts";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const shell = await getShell();
  if (!shell.ok) return <SessionInvalid />;
  return <AppShell shell={shell.data}>{children}</AppShell>;
}
