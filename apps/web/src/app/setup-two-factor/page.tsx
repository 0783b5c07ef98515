import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LifeBuoy } from "lucide-react";
import { SessionInvalid } from "@/components/shell/session-invalid.tsx";
import { getShell } from "@/server/shell.ts";
import { SetupTwoFactor } from "./setup-two-factor.tsx";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };
export const dynamic = "force-dynamic";

/**
 * Where an instance admin without two-factor sign-in is sent when the portal requires it (the
 * signed-in layout redirects here; the BFF refuses everything else meanwhile).
 */
export default async function SetupTwoFactorPage() {
  const shell = await getShell();
  if (!shell.ok) return <SessionInvalid />;
  if (!shell.data.twoFactorSetupRequired) redirect("/settings");
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 px-4 py-12">
      <div className="w-full max-w-2xl">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <LifeBuoy className="h-10 w-10 text-primary" aria-hidden />
          <h1 className="text-2xl font-semibold tracking-tight">Set up two-factor sign-in</h1>
          <p className="text-sm text-muted-foreground">
            This portal requires two-factor sign-in for instance admins ({shell.data.user.email}). Set it up to continue.
          </p>
        </div>
        <SetupTwoFactor />
      </div>
    </main>
  );
}
