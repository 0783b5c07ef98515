"use client";
import { Card } from "@lifeboat/ui";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes } from "@/lib/format.ts";
import { dashboardLinks as links } from "./dashboard-links.ts";
import { orderedStatuses, protectedPercent, STATUS_COLORS, total, type Summary } from "./dashboard-model.ts";

function Tile({ title, href, figure, children, tone = "normal" }: { title: string; href: string; figure: ReactNode; children?: ReactNode; tone?: "normal" | "bad" | "good" }) {
  return (
    <Card className="flex flex-col gap-2 p-4">
      <h2 className="text-sm font-medium text-muted-foreground">
        <Link href={href} className="hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">{title}</Link>
      </h2>
      <p data-testid={`tile-${title}`} className={`text-3xl font-semibold tabular-nums ${tone === "bad" ? "text-destructive" : tone === "good" ? "text-emerald-600 dark:text-emerald-400" : ""}`}>
        {figure}
      </p>
      {children ? <div className="text-sm text-muted-foreground">{children}</div> : null}
    </Card>
  );
}

const linkClass = "text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function DashboardTiles({ summary }: { summary: Summary }) {
  const pct = protectedPercent(summary.objects);
  const runs = summary.runs.last24h;
  const failed = (runs.Failed ?? 0);
  const { connectors } = summary;
  const disconnected = connectors.disconnected.length;
  const recoveriesFailed = summary.recoveries24h.byStatus.Failed ?? 0;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Tile title="Protection" href={links.unprotectedObjects} figure={pct === null ? "—" : `${pct}%`} tone={pct === null ? "normal" : pct < 100 ? "bad" : "good"}>
        {summary.objects.protected} of {summary.objects.total} objects protected
        {summary.objects.unprotected > 0 ? <>{" · "}<Link className={linkClass} href={links.unprotectedObjects}>{summary.objects.unprotected} unprotected</Link></> : null}
      </Tile>
      <Tile title="Runs in the last 24 h" href={links.runs()} figure={total(runs)} tone={failed > 0 ? "bad" : "normal"}>
        {total(runs) === 0 ? "No run started in the last 24 hours." : (
          <ul className="flex flex-wrap gap-x-3 gap-y-1">
            {orderedStatuses(runs).map((s) => (
              <li key={s} className="flex items-center gap-1">
                <span aria-hidden className="inline-block h-2 w-2 rounded-full" style={{ background: STATUS_COLORS[s] ?? "#64748b" }} />
                <Link className={linkClass} href={links.runs(s)}>{runs[s]} {s}</Link>
              </li>
            ))}
          </ul>
        )}
      </Tile>
      <Tile title="SLA misses" href={links.runs()} figure={summary.sla.missedRuns24h} tone={summary.sla.missedRuns24h + summary.sla.groupsNotRun24hCount > 0 ? "bad" : "good"}>
        runs over their SLA in 24 h ({summary.sla.missedRuns7d} in 7 days)
        {summary.sla.groupsNotRun24hCount > 0 ? (
          <span className="block">
            <Link className={linkClass} href={links.groups}>{summary.sla.groupsNotRun24hCount} group{summary.sla.groupsNotRun24hCount === 1 ? "" : "s"} not run in 24 h</Link>
            {": "}
            {summary.sla.groupsNotRun24h.slice(0, 3).map((g) => g.name).join(", ")}
          </span>
        ) : null}
      </Tile>
      <Tile title="Running now" href={links.runningNow} figure={summary.runningNow.length}>
        {summary.runningNow.length === 0 ? "Nothing is running." : (
          <ul>
            {summary.runningNow.slice(0, 3).map((r) => (
              <li key={`${r.connectionId}-${r.runId}`}><Link className={linkClass} href={links.run(r.groupId, r.runId)}>{r.groupName}</Link></li>
            ))}
          </ul>
        )}
      </Tile>
      <Tile title="Recoveries in the last 24 h" href={links.recoveries()} figure={summary.recoveries24h.total} tone={recoveriesFailed > 0 ? "bad" : "normal"}>
        {recoveriesFailed > 0 ? <Link className={linkClass} href={links.recoveries("Failed")}>{recoveriesFailed} failed</Link> : summary.recoveries24h.total === 0 ? "No recovery started." : "None failed."}
      </Tile>
      <Tile title="Connector health" href={links.connectors} figure={`${connectors.connected} / ${connectors.total}`} tone={disconnected > 0 ? "bad" : "good"}>
        {connectors.total === 0 ? <>No connector yet: <Link className={linkClass} href={links.connections}>generate a registration token</Link>.</> : disconnected > 0 ? (
          <Link className={linkClass} href={links.disconnectedConnectors}>{disconnected} disconnected: {connectors.disconnected.slice(0, 3).map((c) => c.name ?? c.connectorId).join(", ")}</Link>
        ) : "All connectors connected."}
      </Tile>
      <Tile title="Agents to upgrade" href={links.agents} figure={summary.agentsUpgradable.length} tone={summary.agentsUpgradable.length > 0 ? "bad" : "good"}>
        {summary.agentsUpgradable.length === 0 ? "All agents run the latest version." : (
          <Link className={linkClass} href={links.agents}>
            {summary.agentsUpgradable.slice(0, 3).map((a) => `${a.name ?? a.connectorId} ${a.softwareVersion} → ${a.latestVersion}`).join(", ")}
          </Link>
        )}
      </Tile>
      <Tile title="Data protected (7 days)" href={links.runs(undefined, "7d")} figure={formatBytes(summary.storage.bytesRead7d)}>
        {formatBytes(summary.storage.bytesWritten7d)} written · {formatBytes(summary.storage.bytesRead30d)} read in 30 days
      </Tile>
    </div>
  );
}
