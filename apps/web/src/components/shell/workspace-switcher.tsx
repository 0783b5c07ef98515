"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Building2, ChevronsUpDown } from "lucide-react";
import { useRouter } from "next/navigation";
import {
  Badge,
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
  toast,
} from "@lifeboat/ui";
import { useTRPC } from "@/trpc/react.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useShell } from "./shell-context.tsx";

export function WorkspaceSwitcher() {
  const { workspaces, selectedWorkspace } = useShell();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const select = useMutation(
    trpc.me.selectWorkspace.mutationOptions({
      onSuccess: async (result) => {
        // Everything cached belongs to the previous workspace.
        await queryClient.invalidateQueries();
        router.refresh();
        toast.success(`Switched to ${result.name}`);
      },
      onError: (error) => toast.error(errorMessage(error, "Could not switch workspace")),
    }),
  );

  if (workspaces.length === 0) {
    return <span className="text-sm text-muted-foreground">No workspace yet — ask an admin for access</span>;
  }
  // Users with a single workspace just see its name.
  if (selectedWorkspace && workspaces.length === 1) {
    return (
      <span className="flex items-center gap-2 text-sm font-medium" data-testid="workspace-name">
        <Building2 className="h-4 w-4 text-muted-foreground" aria-hidden /> {selectedWorkspace.name}
      </span>
    );
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="secondary" size="sm" aria-label="Switch workspace" disabled={select.isPending}>
          <Building2 className="h-4 w-4" aria-hidden />
          <span className="max-w-48 truncate">{selectedWorkspace?.name ?? "Choose a workspace"}</span>
          <ChevronsUpDown className="h-3.5 w-3.5 text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={selectedWorkspace?.id ?? ""}
          onValueChange={(workspaceId) => {
            if (workspaceId !== selectedWorkspace?.id) select.mutate({ workspaceId });
          }}
        >
          {workspaces.map((w) => (
            <DropdownMenuRadioItem key={w.id} value={w.id}>
              <span className="flex-1 truncate">{w.name}</span>
              <Badge>{w.role}</Badge>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
