"use client";
import { useShell } from "@/components/shell/shell-context.tsx";

/** Operators and admins run, pause, resume, cancel and restore; viewers only look (the BFF enforces it too). */
export function useCanOperate(): boolean {
  const role = useShell().selectedWorkspace?.role;
  return role === "operator" || role === "admin";
}
