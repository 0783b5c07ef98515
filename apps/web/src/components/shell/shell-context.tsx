"use client";
import { createContext, useContext } from "react";
import type { ShellData } from "@/server/shell.ts";

const ShellContext = createContext<ShellData | null>(null);

export const ShellProvider = ShellContext.Provider;

/** The signed-in user and workspace, for client components under the shell. */
export function useShell(): ShellData {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error("useShell() must be used inside the signed-in layout");
  return shell;
}

export function useIsAdmin(): boolean {
  return useShell().selectedWorkspace?.role === "admin";
}
