"use client";
import { LogOut, UserRound } from "lucide-react";
import { signOut } from "next-auth/react";
import {
  Badge,
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@lifeboat/ui";
import { useShell } from "./shell-context.tsx";

export function UserMenu() {
  const { user, selectedWorkspace } = useShell();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" aria-label="User menu" className="gap-2 px-2">
          <UserRound className="h-4 w-4" aria-hidden />
          <span className="hidden max-w-48 truncate sm:inline">{user.name ?? user.email}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>
          <span className="block truncate text-sm font-medium text-foreground">{user.email}</span>
          {selectedWorkspace ? (
            <span className="mt-1 flex items-center gap-1.5">
              {selectedWorkspace.name} <Badge>{selectedWorkspace.role}</Badge>
            </span>
          ) : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut({ callbackUrl: "/signin" })}>
          <LogOut className="h-4 w-4" aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
