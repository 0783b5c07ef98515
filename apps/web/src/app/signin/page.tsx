import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LifeBuoy } from "lucide-react";
import { ssoProviderForSignInPage } from "@/server/auth.ts";
import { getSession } from "@/server/context.ts";
import { safeCallbackUrl } from "@/lib/safe-callback-url.ts";
import { SignInForm } from "./signin-form.tsx";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  // A failing session check (the database down) shows the form rather than an error page.
  if (await getSession().catch(() => null)) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : null;
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <LifeBuoy className="h-10 w-10 text-primary" aria-hidden />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Lifeboat</h1>
          <p className="text-sm text-muted-foreground">Backup and recovery for your protected hosts.</p>
        </div>
        <SignInForm callbackUrl={callbackUrl} initialError={error} sso={ssoProviderForSignInPage()} />
      </div>
    </main>
  );
}
