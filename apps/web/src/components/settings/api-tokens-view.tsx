"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge, Button, PageHeader } from "@lifeboat/ui";
import { actionsColumn, column, DataTable } from "@/components/common/data-table.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { RowConfirmDialog, useRowConfirm } from "@/components/common/row-action.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import type { Role } from "@/lib/navigation.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { ApiTokenCreateDialog } from "./api-tokens-create-dialog.tsx";
import { ApiTokenCreatedDialog } from "./api-tokens-created-dialog.tsx";

type TokenRow = RouterOutputs["apiToken"]["list"]["items"][number];

const STATE_TONE = { active: "success", expired: "warning", revoked: "danger" } as const;

export function ApiTokensView({ role, userId, workspaceName }: { role: Role; userId: string; workspaceName: string }) {
  const trpc = useTRPC();
  const isAdmin = role === "admin";
  const [includeInactive, setIncludeInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  // The new token lives only here, and only until its dialog is closed.
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const list = useInfiniteQuery(trpc.apiToken.list.infiniteQueryOptions({ limit: 50, includeInactive }, CURSOR_PAGES));
  const revoking = useRowConfirm(trpc.apiToken.revoke.mutationOptions(), (row: TokenRow) => ({ id: row.id }), {
    success: (row) => `API token "${row.name}" revoked`,
    failure: "Could not revoke the token",
    invalidate: trpc.apiToken.list.pathKey(),
  });
  const items = useRows(list);
  const columns = useMemo(
    () => [
      column<TokenRow>("name", "Name", (row) => row.name, "font-medium"),
      ...(isAdmin ? [column<TokenRow>("owner", "Owner", (row) => (row.user.id === userId ? "You" : row.user.email))] : []),
      column<TokenRow>("role", "Role", (row) => <Badge>{row.role}</Badge>),
      column<TokenRow>("prefix", "Token", (row) => `${row.prefix}…`, "font-mono text-xs"),
      column<TokenRow>("created", "Created", (row) => <LocalTime value={row.createdAt} />),
      column<TokenRow>("expires", "Expires", (row) => (row.expiresAt ? <LocalTime value={row.expiresAt} /> : "Never")),
      column<TokenRow>("lastUsed", "Last used", (row) => (row.lastUsedAt ? <LocalTime value={row.lastUsedAt} /> : <span className="text-muted-foreground">Never used</span>)),
      column<TokenRow>("state", "State", (row) => <Badge tone={STATE_TONE[row.state]}>{row.state}</Badge>),
      actionsColumn<TokenRow>((row) =>
        row.state === "active" ? (
          <Button variant="ghost" size="sm" onClick={() => revoking.ask(row)} aria-label={`Revoke ${row.name}`}>
            Revoke
          </Button>
        ) : null,
      ),
    ],
    [isAdmin, userId, revoking],
  );
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
        <input type="checkbox" className="h-4 w-4 accent-primary" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
        Show revoked and expired tokens
      </label>
      <DataTable
        label="API tokens"
        columns={columns}
        rows={items}
        getRowId={(row) => row.id}
        query={list}
        errorTitle="Could not load the API tokens"
        empty={{
          icon: <KeyRound />,
          title: includeInactive ? "No API tokens" : "No active API tokens",
          action: <Button onClick={() => setCreating(true)}>New token</Button>,
          children: <p>Create a token for a script or another app; it can do what its role allows in this workspace, until it expires or you revoke it.</p>,
        }}
      />
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
      <RowConfirmDialog action={revoking} title={(row) => `Revoke "${row.name}"?`} confirmLabel="Revoke token">
        {(row) => (
          <p>
            Every script or app using the token starting <code className="font-mono">{row.prefix}</code>
            {row.user.id === userId ? "" : ` (owned by ${row.user.email})`} is refused from now on. This cannot be undone; create a new token if it is
            needed again.
          </p>
        )}
      </RowConfirmDialog>
    </>
  );
}
