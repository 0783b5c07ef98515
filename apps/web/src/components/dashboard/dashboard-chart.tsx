"use client";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@lifeboat/ui";
import { formatBytes } from "@/lib/format.ts";
import { chartRows, STATUS_COLORS, type SeriesDay } from "./dashboard-model.ts";

const axis = { stroke: "currentColor", fontSize: 12, tickLine: false } as const;
const tooltipStyle = { contentStyle: { background: "var(--color-card)", border: "1px solid var(--color-border)", borderRadius: 6, color: "var(--color-foreground)" } };
const shortDay = (day: string) => day.slice(5);

export function DashboardCharts({ days }: { days: SeriesDay[] }) {
  const { statuses, rows } = chartRows(days);
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-medium text-muted-foreground">Runs per day by status (30 days)</h2>
        {statuses.length === 0 ? <p className="mb-2 text-sm text-muted-foreground">No run in the last 30 days: create a protection group and run it.</p> : null}
        <div className="h-64 text-muted-foreground" role="img" aria-label={`Runs per day by status: ${statuses.join(", ") || "no runs"}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
              <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
              <YAxis allowDecimals={false} width={36} {...axis} />
              <Tooltip {...tooltipStyle} />
              <Legend />
              {statuses.map((s) => <Bar key={s} dataKey={s} stackId="runs" fill={STATUS_COLORS[s] ?? "#64748b"} isAnimationActive={false} />)}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-medium text-muted-foreground">Data protected per day (30 days)</h2>
        <div className="h-64 text-muted-foreground" role="img" aria-label="Bytes read from sources and written to storage per day">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
              <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
              <YAxis width={64} tickFormatter={(v: number) => formatBytes(v)} {...axis} />
              <Tooltip {...tooltipStyle} formatter={(v) => formatBytes(Number(v))} />
              <Legend />
              <Area type="monotone" dataKey="bytesRead" name="Read from sources" stroke="#0ea5e9" fill="#0ea5e9" fillOpacity={0.2} isAnimationActive={false} />
              <Area type="monotone" dataKey="bytesWritten" name="Written to storage" stroke="#10b981" fill="#10b981" fillOpacity={0.2} isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      </Card>
    </div>
  );
}
