import type { ReactNode } from "react";
import { cn } from "./cn.ts";

export type EmptyStateProps = {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
};

export function EmptyState({ icon, title, children, action, className }: EmptyStateProps) {
  return (
    <div className={cn("flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed border-border px-6 py-12 text-center", className)}>
      {icon ? <div className="text-muted-foreground [&_svg]:h-10 [&_svg]:w-10">{icon}</div> : null}
      <h2 className="text-base font-semibold text-foreground">{title}</h2>
      {children ? <div className="max-w-xl text-sm text-muted-foreground">{children}</div> : null}
      {action}
    </div>
  );
}

/** An error box that says what went wrong and what to try. */
export function ErrorState({ title = "Something went wrong", message, action }: { title?: string; message: string; action?: ReactNode }) {
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-4 text-sm">
      <p className="font-semibold text-destructive">{title}</p>
      <p className="text-foreground">{message}</p>
      {action ? <div>{action}</div> : null}
    </div>
  );
}
