"use client";
// Settings → Your sessions: every browser signed in as this user (device, address, last seen), with
// "Sign out" per session and "Sign out everywhere". A session signed out here gets 401 on its next
// request (the BFF's auth/sessions.ts).
import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { Badge, Button, Card, ErrorState, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton } from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useListMutation } from "@/components/common/row-action.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

export function SessionsCard() {
  const trpc = useTRPC();
  const list = useQuery(trpc.me.session.list.queryOptions());
  const revoke = useListMutation(trpc.me.session.revoke.mutationOptions(), {
    success: "Session signed out",
    failure: "Could not sign the session out",
    invalidate: trpc.me.session.list.pathKey(),
    // Signing out this very browser: clear its cookie too and go to the sign-in page.
    onDone: (data) => (data.current ? signOut({ callbackUrl: "/signin" }) : undefined),
  });
  const revokeAll = useListMutation(trpc.me.session.revokeAll.mutationOptions(), {
    failure: "Could not sign out everywhere",
    onDone: () => signOut({ callbackUrl: "/signin" }),
  });
  return (
    <Card className="mb-6 p-5">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="font-semibold">Your sessions</h2>
          <p className="text-sm text-muted-foreground">Browsers signed in as you. Sign out any you do not recognise, then change your password.</p>
        </div>
        <Button variant="secondary" size="sm" disabled={revokeAll.isPending} onClick={() => revokeAll.mutate()}>
          Sign out everywhere
        </Button>
      </div>
      {list.isPending ? (
        <TableSkeleton rows={2} columns={4} />
      ) : list.isError ? (
        <ErrorState title="Could not load your sessions" message={errorMessage(list.error, "Try again in a moment")} />
      ) : (
        <Table aria-label="Your sessions">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Device</TableHeaderCell>
              <TableHeaderCell>Address</TableHeaderCell>
              <TableHeaderCell>Signed in</TableHeaderCell>
              <TableHeaderCell>Last seen</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.data.items.map((s) => (
              <TableRow key={s.id} data-session-id={s.id}>
                <TableCell title={s.userAgent ?? undefined}>
                  {s.device} {s.current ? <Badge tone="success">This browser</Badge> : null}
                </TableCell>
                <TableCell className="font-mono text-xs">{s.clientIp ?? "unknown"}</TableCell>
                <TableCell>
                  <LocalTime value={s.createdAt} />
                </TableCell>
                <TableCell>
                  <LocalTime value={s.lastSeenAt} />
                </TableCell>
                <TableCell className="text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ id: s.id })}
                    aria-label={s.current ? "Sign out this browser" : `Sign out ${s.device} at ${s.clientIp ?? "an unknown address"}`}
                  >
                    Sign out
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
