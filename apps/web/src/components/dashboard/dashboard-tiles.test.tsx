// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { chartRows, protectedPercent, type Summary } from "./dashboard-model.ts";
import { DashboardTiles } from "./dashboard-tiles.tsx";

afterEach(cleanup);

const summary: Summary = {
  generatedAt: new Date("2026-11-27T10:00:00Z"),
  objects: { protected: 3, unprotected: 1, total: 4 },
  runs: { last24h: { Succeeded: 5, Failed: 2 }, last7d: { Succeeded: 30, Failed: 2 } },
  sla: { missedRuns24h: 1, missedRuns7d: 4, groupsNotRun24h: [{ connectionId: "c", groupId: "g1", name: "Nightly DB", lastRunAt: null }], groupsNotRun24hCount: 1 },
  failingGroups: [],
  failingGroupsCount: 0,
  runningNow: [{ connectionId: "c", groupId: "g2", groupName: "Web files", runId: "r9", status: "Running", startedAt: null }],
  storage: { bytesRead7d: 3 * 1024 ** 3, bytesWritten7d: 512 * 1024 ** 2, bytesRead30d: 10 * 1024 ** 3, bytesWritten30d: 2 * 1024 ** 3 },
  connectors: { total: 3, connected: 2, disconnected: [{ connectionId: "c", connectorId: "7", name: "db-1", lastConnectedAt: null }] },
  agentsUpgradable: [{ connectionId: "c", connectorId: "8", name: "web-1", softwareVersion: "0.1.0", latestVersion: "0.2.0" }],
  recoveries24h: { total: 4, byStatus: { Succeeded: 3, Failed: 1 } },
  sync: [],
};

const tile = (title: string) => screen.getByTestId(`tile-${title}`).closest("div") as HTMLElement;
const hrefOf = (name: RegExp | string) => screen.getByRole("link", { name }).getAttribute("href");

describe("DashboardTiles", () => {
  it("renders the exact figures and links each tile to its filtered list", () => {
    render(<DashboardTiles summary={summary} />);
    expect(screen.getByTestId("tile-Protection").textContent).toBe("75%");
    expect(within(tile("Protection")).getByText(/3 of 4 objects protected/)).toBeTruthy();
    expect(hrefOf("1 unprotected")).toBe("/objects?protection=unprotected");
    expect(screen.getByTestId("tile-Runs in the last 24 h").textContent).toBe("7");
    expect(hrefOf("2 Failed")).toBe("/runs?status=Failed&window=24h");
    expect(hrefOf("5 Succeeded")).toBe("/runs?status=Succeeded&window=24h");
    expect(screen.getByTestId("tile-SLA misses").textContent).toBe("1");
    expect(hrefOf("1 group not run in 24 h")).toBe("/protection-groups");
    expect(screen.getByTestId("tile-Running now").textContent).toBe("1");
    expect(hrefOf("Web files")).toBe("/runs/g2/r9");
    expect(screen.getByTestId("tile-Recoveries in the last 24 h").textContent).toBe("4");
    expect(hrefOf("1 failed")).toBe("/recoveries?status=Failed&window=24h");
    expect(screen.getByTestId("tile-Connector health").textContent).toBe("2 / 3");
    expect(hrefOf(/1 disconnected: db-1/)).toBe("/connectors?status=disconnected");
    expect(screen.getByTestId("tile-Agents to upgrade").textContent).toBe("1");
    expect(screen.getByText("web-1 0.1.0 → 0.2.0")).toBeTruthy();
    expect(screen.getByTestId("tile-Data protected (7 days)").textContent).toBe("3.0 GiB");
    expect(hrefOf("Running now")).toBe("/runs?status=Running&window=all");
    expect(hrefOf("SLA misses")).toBe("/runs?window=24h");
    expect(hrefOf("Runs in the last 24 h")).toBe("/runs?window=24h");
    expect(hrefOf("Recoveries in the last 24 h")).toBe("/recoveries?window=24h");
    // The runs list opens on 7 days by default: the link leaves the default out.
    expect(hrefOf("Data protected (7 days)")).toBe("/runs");
  });

  it("says what to do when there is nothing yet", () => {
    render(
      <DashboardTiles
        summary={{ ...summary, objects: { protected: 0, unprotected: 0, total: 0 }, runs: { last24h: {}, last7d: {} }, connectors: { total: 0, connected: 0, disconnected: [] } }}
      />,
    );
    expect(screen.getByTestId("tile-Protection").textContent).toBe("—");
    expect(screen.getByText("No run started in the last 24 hours.")).toBeTruthy();
    expect(hrefOf("generate a registration token")).toBe("/connections");
  });
});

describe("dashboard model", () => {
  it("computes the protected share and fills every status on every chart day", () => {
    expect(protectedPercent({ protected: 2, unprotected: 1, total: 3 })).toBe(66.7);
    const { statuses, rows } = chartRows([
      { day: "2026-11-26", runsByStatus: { Failed: 1 }, bytesWritten: 10, bytesRead: 20 },
      { day: "2026-11-27", runsByStatus: { Succeeded: 4, Odd: 1 }, bytesWritten: 0, bytesRead: 5 },
    ]);
    expect(statuses).toEqual(["Succeeded", "Failed", "Odd"]);
    expect(rows).toEqual([
      { day: "2026-11-26", Succeeded: 0, Failed: 1, Odd: 0, bytesWritten: 10, bytesRead: 20 },
      { day: "2026-11-27", Succeeded: 4, Failed: 0, Odd: 1, bytesWritten: 0, bytesRead: 5 },
    ]);
  });
});
