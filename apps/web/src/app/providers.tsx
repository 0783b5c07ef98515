"use client";
import { Toaster } from "@lifeboat/ui";
import { SessionProvider } from "next-auth/react";
import { ThemeProvider, useTheme } from "next-themes";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/trpc/react.tsx";

function ThemedToaster() {
  const { theme } = useTheme();
  return <Toaster theme={theme === "light" || theme === "dark" ? theme : "system"} />;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <ThemedToaster />
      </ThemeProvider>
    </SessionProvider>
  );
}
