"use client";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RetentionPreview } from "@lifeboat/policy";

const dayLabel = (d: Date) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(d);

/** Snapshots kept per day over the preview window, with the figures spelled out above the chart. */
export function RetentionChart({ preview }: { preview: RetentionPreview }) {
  const data = preview.points.map((p) => ({ day: p.day, label: dayLabel(p.at), count: p.count }));
  const days = preview.points.length - 1;
  return (
    <figure className="flex flex-col gap-2" aria-label="Retention preview">
      <figcaption className="text-sm text-foreground" data-testid="retention-summary">
        Over the next {days} day{days === 1 ? "" : "s"}: <strong>{preview.taken}</strong> snapshots taken, up to <strong>{preview.peak}</strong> kept at once,{" "}
        <strong>{preview.atEnd}</strong> on day {days}
        {preview.keptUntil ? <>, the last of them kept until <strong>{dayLabel(preview.keptUntil)} {preview.keptUntil.getUTCFullYear()}</strong></> : null}.
      </figcaption>
      <div className="h-40 w-full text-xs" aria-hidden>
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <AreaChart data={data} margin={{ top: 4, right: 20, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="label" interval={Math.max(0, Math.floor(days / 6) - 1)} tick={{ fill: "var(--color-muted-foreground)" }} />
            <YAxis allowDecimals={false} tick={{ fill: "var(--color-muted-foreground)" }} />
            <Tooltip
              contentStyle={{ background: "var(--color-card)", border: "1px solid var(--color-border)", color: "var(--color-foreground)" }}
              formatter={(value) => [`${String(value)} snapshots`, "Kept"]}
            />
            <Area type="stepAfter" dataKey="count" stroke="var(--color-primary)" fill="var(--color-primary)" fillOpacity={0.2} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
