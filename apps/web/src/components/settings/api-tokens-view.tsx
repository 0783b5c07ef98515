"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  LoadMore,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  TableSkeleton,
  toast,
} from "@lifeboat/ui";
import { LocalTime } from "@/components/local-time.tsx";
import type { Role } from "@/lib/navigation.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { ApiTokenCreateDialog } from "./api-tokens-create-dialog.tsx";
import { ApiTokenCreatedDialog } from "./api-tokens-created-dialog.tsx";

type TokenRow = RouterOutputs["apiToken"]["list"]["items"][number];

const STATE_TONE = { active: "success", expired: "warning", revoked: "danger" } as const;

export function ApiTokensView({ role, userId, workspaceName }: { role: Role; userId: string; workspaceName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = role === "admin";
  const [includeInactive, setIncludeInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  // The new token lives only here, and only until its dialog is closed.
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const list = useInfiniteQuery(
    trpc.apiToken.list.infiniteQueryOptions({ limit: 50, includeInactive }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const revoke = useMutation(
    trpc.apiToken.revoke.mutationOptions({
      onSuccess: async (row) => {
        toast.success(`API token "${row.name}" revoked`);
        setRevoking(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.pathKey() });
      },
      onError: (error) => toast.error(errorMessage(error, "Could not revoke the token")),
    }),
  );

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const portalUrl = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          isAdmin
            ? `Tokens of everyone in ${workspaceName}. Scripts send them as "Authorization: Bearer …".`
            : `Your tokens in ${workspaceName}. Scripts send them as "Authorization: Bearer …".`
        }
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden /> New token
          </Button>
        }
      />
      <label className="mb-3 flex w-fit items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="h-4 w-4 accent-primary"
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.target.checked)}
        />
        Show revoked and expired tokens
      </label>
      {list.isPending ? <TableSkeleton columns={7} /> : null}
      {list.isError ? (
        <ErrorState
          message={errorMessage(list.error, "Could not load the API tokens")}
          action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>}
        />
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState icon={<KeyRound />} title={includeInactive ? "No API tokens" : "No active API tokens"} action={<Button onClick={() => setCreating(true)}>New token</Button>}>
          <p>Create a token for a script or another app; it can do what its role allows in this workspace, until it expires or you revoke it.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Table aria-label="API tokens">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              {isAdmin ? <TableHeaderCell>Owner</TableHeaderCell> : null}
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Token</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell className="text-right">Actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="font-medium">{row.name}</TableCell>
                {isAdmin ? <TableCell>{row.user.id === userId ? "You" : row.user.email}</TableCell> : null}
                <TableCell>
                  <Badge>{row.role}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs">{row.prefix}…</TableCell>
                <TableCell>
                  <LocalTime value={row.createdAt} />
                </TableCell>
                <TableCell>{row.expiresAt ? <LocalTime value={row.expiresAt} /> : "Never"}</TableCell>
                <TableCell>{row.lastUsedAt ? <LocalTime value={row.lastUsedAt} /> : <span className="text-muted-foreground">Never used</span>}</TableCell>
                <TableCell>
                  <Badge tone={STATE_TONE[row.state]}>{row.state}</Badge>
                </TableCell>
                <TableCell>
                  <div className="flex justify-end">
                    {row.state === "active" ? (
                      <Button variant="ghost" size="sm" onClick={() => setRevoking(row)} aria-label={`Revoke ${row.name}`}>
                        Revoke
                      </Button>
                    ) : null}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} className="mt-3" />
      {creating ? (
        <ApiTokenCreateDialog
          role={role}
          onOpenChange={setCreating}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
          }}
        />
      ) : null}
      {created ? <ApiTokenCreatedDialog token={created.token} name={created.name} portalUrl={portalUrl} onClose={() => setCreated(null)} /> : null}
      {revoking ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setRevoking(null)}
          title={`Revoke "${revoking.name}"?`}
          confirmLabel="Revoke token"
          pending={revoke.isPending}
          onConfirm={() => revoke.mutate({ id: revoking.id })}
        >
          <p>
            Every script or app using the token starting <code className="font-mono">{revoking.prefix}</code>
            {revoking.user.id === userId ? "" : ` (owned by ${revoking.user.email})`} is refused from now on. This cannot be undone; create a new
            token if it is needed again.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
