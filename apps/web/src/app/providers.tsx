"use client";
import { Toaster } from "@lifeboat/ui";
import { SessionProvider } from "next-auth/react";
import { ThemeProvider, useTheme } from "next-themes";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { orderSearchParams } from "@/lib/list-params.ts";
import { TRPCReactProvider } from "@/trpc/react.tsx";

function ThemedToaster() {
  const { theme } = useTheme();
  return <Toaster theme={theme === "light" || theme === "dark" ? theme : "system"} />;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
        <TRPCReactProvider>
          {/* List filters and sort live in the URL (lib/list-params.ts). */}
          <NuqsAdapter processUrlSearchParams={orderSearchParams}>{children}</NuqsAdapter>
        </TRPCReactProvider>
        <ThemedToaster />
      </ThemeProvider>
    </SessionProvider>
  );
}
