"use client";
import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { Download, MonitorSmartphone } from "lucide-react";
import { useState } from "react";
import {
  Badge, Button, Card, EmptyState, ErrorState, LoadMore, PageHeader, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton, toast, type BadgeTone,
} from "@lifeboat/ui";
import { CopyableValue } from "@/components/common/copy-button.tsx";
import { INSTALLER_FILE, installCommand } from "@/lib/install-command.ts";
import { useEngineUrl } from "@/components/common/use-engine-url.ts";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useCanOperate } from "@/components/common/use-can-operate.ts";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { UpgradeForm } from "./upgrade-form.tsx";

/** Task states after which nothing changes (reference §E UpgradeTaskStatus). */
export const FINAL_TASK_STATES = new Set(["Succeeded", "Failed", "PartiallyFailed", "Canceled"]);
const TONE: Record<string, BadgeTone> = { Succeeded: "success", Failed: "danger", PartiallyFailed: "warning", Canceled: "neutral", Running: "info", Started: "info", Scheduled: "neutral", Skipped: "neutral" };
const usecs = (v: number | undefined) => (v ? new Date(v / 1000) : null);

export function AgentsView() {
  const trpc = useTRPC();
  const isAdmin = useIsAdmin();
  // agent.download is an operator action (packages/api area-access.ts).
  const canOperate = useCanOperate();
  const engineUrl = useEngineUrl();
  const [platform, setPlatform] = useState<"linux" | "windows">("linux");
  const download = useMutation(
    trpc.agent.download.mutationOptions({
      onSuccess: (t) => {
        // The ticket URL is same-origin and short-lived; the route streams the installer.
        const a = document.createElement("a");
        a.href = t.url;
        a.download = t.fileName;
        document.body.append(a);
        a.click();
        a.remove();
        toast.success(`Downloading ${t.fileName}`);
      },
      onError: (e) => toast.error(errorMessage(e, "The installer could not be downloaded")),
    }),
  );
  // Poll every 3 s while any task can still change; stop once all are final.
  const tasks = useInfiniteQuery(
    trpc.agent.list.infiniteQueryOptions(
      { limit: 50 },
      {
        getNextPageParam: (p) => p.nextCursor ?? undefined,
        placeholderData: keepPreviousData,
        refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((t) => !FINAL_TASK_STATES.has(t.status ?? ""))) ? 3000 : false),
      },
    ),
  );
  const rows = [...(tasks.data?.pages.flatMap((p) => p.items) ?? [])].sort((a, b) => (b.id ?? 0) - (a.id ?? 0));
  return (
    <>
      <PageHeader title="Agents" description="Install the Lifeboat agent on the hosts you protect, and upgrade installed agents." />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-lg font-semibold">Download the agent</h2>
        <div role="tablist" aria-label="Platform" className="mb-4 flex gap-2">
          {(["linux", "windows"] as const).map((p) => (
            <Button key={p} role="tab" aria-selected={platform === p} size="sm" variant={platform === p ? "primary" : "secondary"} onClick={() => setPlatform(p)}>
              {p === "linux" ? "Linux" : "Windows"}
            </Button>
          ))}
        </div>
        {platform === "linux" ? (
          <div className="flex flex-col gap-3 text-sm">
            <p>One shell-script installer for any Linux host with Node.js 20+ and restic 0.14+ (<code>apt-get install restic</code>). It installs a systemd service when run as root.</p>
            <div>
              {canOperate ? (
                <Button loading={download.isPending} onClick={() => download.mutate({ platform: "kLinux", linuxParams: { packageType: "kScript" } })}>
                  <Download className="h-4 w-4" aria-hidden /> Download Linux installer
                </Button>
              ) : (
                <p className="text-muted-foreground">Downloading the installer needs the operator or admin role in this workspace; ask an admin for it.</p>
              )}
            </div>
            <ol className="list-decimal space-y-1 pl-5 text-muted-foreground">
              <li>Copy <code>{INSTALLER_FILE}</code> to the host.</li>
              <li>Generate a registration token on the <a className="text-primary hover:underline" href="/connections">Connections</a> page (it is shown once, with the full command).</li>
              <li>Run, replacing the token:</li>
            </ol>
            <CopyableValue label="install command" value={installCommand({ engineUrl })} />
            <p className="text-muted-foreground">The host appears under Connectors within seconds; then register it as a source to protect it.</p>
          </div>
        ) : (
          <EmptyState icon={<MonitorSmartphone />} title="Windows is not supported yet">
            <p>The Lifeboat agent runs on Linux only for now. Protect Windows data by sharing it to a Linux host that runs the agent.</p>
          </EmptyState>
        )}
      </Card>
      {isAdmin ? (
        <Card className="mb-6 p-5">
          <h2 className="mb-3 text-lg font-semibold">Upgrade agents</h2>
          <UpgradeForm onCreated={() => void tasks.refetch()} />
        </Card>
      ) : null}
      <h2 className="mb-3 text-lg font-semibold">Upgrade tasks</h2>
      {tasks.isPending ? <TableSkeleton columns={5} /> : null}
      {tasks.isError ? <ErrorState message={errorMessage(tasks.error, "Could not load upgrade tasks")} action={<Button variant="secondary" onClick={() => void tasks.refetch()}>Try again</Button>} /> : null}
      {tasks.isSuccess && rows.length === 0 ? <EmptyState title="No upgrade tasks yet"><p>Select agents above and start an upgrade; its progress shows here.</p></EmptyState> : null}
      {rows.length > 0 ? (
        <Table aria-label="Upgrade tasks">
          <TableHead>
            <tr>
              <TableHeaderCell>Task</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Scheduled</TableHeaderCell>
              <TableHeaderCell>Agents</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((t) => (
              <TableRow key={t.id}>
                <TableCell className="font-medium">{t.name ?? `Task ${t.id}`}<span className="block text-xs text-muted-foreground">#{t.id}</span></TableCell>
                <TableCell><Badge tone={TONE[t.status ?? ""] ?? "neutral"}>{t.status ?? "Unknown"}</Badge>{t.error?.message ? <span className="block text-xs text-destructive">{t.error.message}</span> : null}</TableCell>
                <TableCell><LocalTime value={usecs(t.scheduleTimeUsecs) ?? usecs(t.startTimeUsecs)} /></TableCell>
                <TableCell>
                  <ul className="flex flex-col gap-1">
                    {(t.agents ?? []).map((a) => (
                      <li key={a.id} className="flex flex-wrap items-center gap-2 text-xs">
                        <span>{a.info?.name ?? `Agent ${a.id}`}</span>
                        <Badge tone={TONE[a.info?.status ?? ""] ?? "neutral"}>{a.info?.status ?? "—"}</Badge>
                        {a.info?.previousSoftwareVersion ? <span className="text-muted-foreground">from {a.info.previousSoftwareVersion}</span> : null}
                        {a.info?.error?.message ? <span className="text-destructive">{a.info.error.message}</span> : null}
                      </li>
                    ))}
                  </ul>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={tasks} />
    </>
  );
}
