"use client";
import { LifeBuoy, Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button, cn } from "@lifeboat/ui";
import { isActive, navigationFor } from "@/lib/navigation.ts";
import type { ShellData } from "@/server/shell.ts";
import { AlertBell } from "@/components/alerts/alert-bell.tsx";
import { NavIcon } from "./nav-icon.tsx";
import { ShellProvider } from "./shell-context.tsx";
import { ThemeToggle } from "./theme-toggle.tsx";
import { UserMenu } from "./user-menu.tsx";
import { WorkspaceSwitcher } from "./workspace-switcher.tsx";

function Sidebar({ shell, onNavigate }: { shell: ShellData; onNavigate?: () => void }) {
  const pathname = usePathname();
  const sections = navigationFor(shell.selectedWorkspace?.role ?? null, shell.user.isInstanceAdmin);
  return (
    <nav aria-label="Main" className="flex flex-col gap-5 px-3 py-4">
      {sections.map((section, i) => (
        <div key={section.title ?? i} className="flex flex-col gap-0.5">
          {section.title ? (
            <p className="px-2 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{section.title}</p>
          ) : null}
          {section.items.map((item) => {
            const active = isActive(item.href, pathname);
            return (
              <Link
                key={item.href}
                href={item.href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm transition-colors",
                  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  active ? "bg-primary/10 font-medium text-primary" : "text-foreground hover:bg-muted",
                )}
              >
                <NavIcon name={item.icon} className="h-4 w-4 shrink-0" />
                {item.label}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}

export function AppShell({ shell, children }: { shell: ShellData; children: ReactNode }) {
  const [mobileOpen, setMobileOpen] = useState(false);
  return (
    <ShellProvider value={shell}>
      <div className="flex min-h-screen">
        <aside className="hidden w-60 shrink-0 border-r border-border bg-sidebar lg:block">
          <div className="sticky top-0 max-h-screen overflow-y-auto">
            <Link href="/dashboard" className="flex h-14 items-center gap-2 border-b border-border px-5 font-semibold">
              <LifeBuoy className="h-5 w-5 text-primary" aria-hidden /> Lifeboat
            </Link>
            <Sidebar shell={shell} />
          </div>
        </aside>
        {mobileOpen ? (
          <div className="fixed inset-0 z-40 lg:hidden">
            <div className="absolute inset-0 bg-black/40" onClick={() => setMobileOpen(false)} aria-hidden />
            <aside className="absolute inset-y-0 left-0 w-64 overflow-y-auto border-r border-border bg-sidebar">
              <div className="flex h-14 items-center justify-between border-b border-border px-4 font-semibold">
                Lifeboat
                <Button variant="ghost" size="icon" aria-label="Close navigation" onClick={() => setMobileOpen(false)}>
                  <X className="h-4 w-4" />
                </Button>
              </div>
              <Sidebar shell={shell} onNavigate={() => setMobileOpen(false)} />
            </aside>
          </div>
        ) : null}
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-background/95 px-4 backdrop-blur lg:px-6">
            <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open navigation" onClick={() => setMobileOpen(true)}>
              <Menu className="h-5 w-5" />
            </Button>
            <WorkspaceSwitcher />
            <div className="ml-auto flex items-center gap-1">
              <AlertBell />
              <ThemeToggle />
              <UserMenu />
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6 lg:px-8">
            {children}
          </main>
        </div>
      </div>
    </ShellProvider>
  );
}
