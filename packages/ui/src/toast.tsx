"use client";
import { Toaster as SonnerToaster, toast } from "sonner";

/** One toaster per app; success and error toasts use `toast.success` / `toast.error`. */
export function Toaster({ theme }: { theme?: "light" | "dark" | "system" }) {
  return <SonnerToaster theme={theme ?? "system"} richColors closeButton position="bottom-right" />;
}

export { toast };
