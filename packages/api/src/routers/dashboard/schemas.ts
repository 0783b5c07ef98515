import { z } from "zod";

const Counts = z.record(z.string(), z.number().int());
const GroupRef = z.object({ connectionId: z.string(), groupId: z.string(), name: z.string() });

export const DashboardSummarySchema = z.object({
  generatedAt: z.date(),
  objects: z.object({ protected: z.number().int(), unprotected: z.number().int(), total: z.number().int() }),
  /** Runs that started in the window, by run status (reference §E.3). */
  runs: z.object({ last24h: Counts, last7d: Counts }),
  sla: z.object({
    missedRuns24h: z.number().int(),
    missedRuns7d: z.number().int(),
    groupsNotRun24h: z.array(GroupRef.extend({ lastRunAt: z.date().nullable() })),
    groupsNotRun24hCount: z.number().int(),
  }),
  failingGroups: z.array(GroupRef.extend({ lastRunStatus: z.string(), lastRunAt: z.date().nullable() })),
  failingGroupsCount: z.number().int(),
  runningNow: z.array(
    z.object({ connectionId: z.string(), groupId: z.string(), groupName: z.string(), runId: z.string(), status: z.string(), startedAt: z.date().nullable() }),
  ),
  storage: z.object({
    bytesRead7d: z.number(),
    bytesWritten7d: z.number(),
    bytesRead30d: z.number(),
    bytesWritten30d: z.number(),
  }),
  connectors: z.object({
    total: z.number().int(),
    connected: z.number().int(),
    disconnected: z.array(z.object({ connectionId: z.string(), connectorId: z.string(), name: z.string().nullable(), lastConnectedAt: z.date().nullable() })),
  }),
  agentsUpgradable: z.array(
    z.object({ connectionId: z.string(), connectorId: z.string(), name: z.string().nullable(), softwareVersion: z.string(), latestVersion: z.string() }),
  ),
  recoveries24h: z.object({ total: z.number().int(), byStatus: Counts }),
  sync: z.array(
    z.object({ connectionId: z.string(), stream: z.string(), lastOkAt: z.date().nullable(), lastError: z.string().nullable(), lastErrorAt: z.date().nullable() }),
  ),
});

export const DashboardSeriesInput = z.object({ days: z.number().int().min(1).max(30).default(30) });

export const DashboardSeriesSchema = z.object({
  days: z.array(
    z.object({ day: z.string(), runsByStatus: Counts, bytesWritten: z.number(), bytesRead: z.number() }),
  ),
});

export const OpsConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
  lastOkAt: z.date().nullable(),
  lastError: z.string().nullable(),
});
