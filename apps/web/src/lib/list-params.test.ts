// The lists' URL state: links built with `listHref` are read back by the same parser maps the pages
// use (nuqs `createLoader`), unknown or over-long values fall back to the defaults, and defaults
// stay out of the URL.
import { createLoader } from "nuqs";
import { describe, expect, it } from "vitest";
import { toAuditListInput } from "@/components/settings/audit-query.ts";
import { toRecoveryListFilter } from "@/components/recoveries/recovery-filter.ts";
import {
  auditListKeys, auditListParams, clearedFilters, connectorListParams, isFiltered, listHref, objectListKeys, objectListParams, orderSearchParams, recoveryListParams, runListKeys, runListParams,
} from "./list-params.ts";

const runs = createLoader(runListParams, { urlKeys: runListKeys });
const recoveries = createLoader(recoveryListParams);
const objects = createLoader(objectListParams, { urlKeys: objectListKeys });
const audit = createLoader(auditListParams, { urlKeys: auditListKeys });
const connectors = createLoader(connectorListParams);
/** Reads a link as the page would: its query string. */
const at = (href: string) => new URL(href, "http://portal.test");
const runsAt = (href: string) => runs(at(href));
const recoveriesAt = (href: string) => recoveries(at(href));
const objectsAt = (href: string) => objects(at(href));
const auditAt = (href: string) => audit(at(href));
const connectorsAt = (href: string) => connectors(at(href));
const DEFAULT_AUDIT = auditAt("");

describe("list filters in the URL", () => {
  it("round-trips the runs monitor's filters and sort under their short keys, leaving defaults out", () => {
    const href = listHref.runs("/runs", { groupId: "1:2:3", status: "Failed", window: "24h", runType: "kFull", sort: "bytesWritten", direction: "asc" });
    expect(href).toBe("/runs?group=1:2:3&status=Failed&window=24h&type=kFull&sort=bytesWritten&dir=asc");
    expect(runsAt(href)).toEqual({ groupId: "1:2:3", status: "Failed", window: "24h", runType: "kFull", sort: "bytesWritten", direction: "asc" });
    expect(listHref.runs("/runs", { window: "7d", status: "" })).toBe("/runs");
    // A chosen sort stays in the URL with its direction, defaults included (`?sort=duration&dir=desc`).
    expect(listHref.runs("/runs", { sort: "duration", direction: "desc" })).toBe("/runs?sort=duration&dir=desc");
  });

  it("falls back to the defaults for values it does not know or text that is too long", () => {
    expect(runsAt("?status=Exploded&window=9y&type=kWeird&sort=runId&dir=sideways")).toEqual(runsAt(""));
    expect(runsAt(`?group=${"g".repeat(201)}`).groupId).toBe("");
    expect(recoveriesAt("?status=nope&window=1h")).toEqual({ status: "", window: "30d" });
    expect(objectsAt("?protection=maybe&environment=kVMware")).toEqual({ search: "", environment: "", protection: "" });
    expect(auditAt("?sort=clientIp&dir=up&outcome=maybe")).toEqual(DEFAULT_AUDIT);
    expect(connectorsAt("?status=asleep")).toEqual({ connectionId: "", status: "" });
  });

  it("round-trips objects, audit and connector filters", () => {
    const o = { search: "web*", environment: "kSQL", protection: "protected" } as const;
    expect(listHref.objects("/objects", o)).toBe("/objects?q=web*&environment=kSQL&protection=protected");
    expect(objectsAt(listHref.objects("/objects", o))).toEqual(o);
    const a = { ...DEFAULT_AUDIT, procedure: "user.", actor: "ann", outcome: "error", from: "2026-11-27T10:00", sort: "procedure", direction: "asc" } as const;
    expect(auditAt(listHref.audit("/settings/audit", a))).toEqual(a);
    expect(listHref.connectors("/connectors", { connectionId: "12", status: "connected" })).toBe("/connectors?connectionId=12&status=connected");
  });

  it("spells every URL's keys in one order, however the page set them", () => {
    expect(orderSearchParams(new URLSearchParams("dir=asc&other=1&protection=unprotected&sort=at&environment=kPhysical")).toString()).toBe(
      "environment=kPhysical&protection=unprotected&sort=at&dir=asc&other=1",
    );
  });

  it("tells whether a filter is set and clears all but the kept keys", () => {
    expect(isFiltered(runListParams, runsAt("?sort=duration"), ["sort", "direction"])).toBe(false);
    expect(isFiltered(runListParams, runsAt("?status=Failed"), ["sort", "direction"])).toBe(true);
    expect(clearedFilters(auditListParams, ["sort", "direction"])).toEqual({ procedure: null, userId: null, actor: null, outcome: null, from: null, to: null });
  });
});

describe("list queries", () => {
  it("the audit log sends only the filters that are set, and a sort other than newest first", () => {
    expect(toAuditListInput(DEFAULT_AUDIT)).toEqual({ ok: true, input: {} });
    const result = toAuditListInput({ ...DEFAULT_AUDIT, procedure: " user. ", outcome: "error", from: "2026-11-27T10:00" });
    expect(result.ok && result.input).toEqual({ procedure: "user.", outcome: "error", from: new Date("2026-11-27T10:00") });
    const sorted = toAuditListInput({ ...DEFAULT_AUDIT, actor: " ann@ ", sort: "actor", direction: "asc" });
    expect(sorted.ok && sorted.input).toEqual({ actor: "ann@", sort: "actor", order: "asc" });
  });

  it("the audit log refuses a range that ends before it starts, and an unreadable date, on their fields", () => {
    expect(toAuditListInput({ ...DEFAULT_AUDIT, from: "2026-11-27T10:00", to: "2026-11-27T09:00" })).toMatchObject({ ok: false, field: "from" });
    expect(toAuditListInput({ ...DEFAULT_AUDIT, to: "yesterday-ish" })).toMatchObject({ ok: false, field: "to" });
  });

  it("recoveries started within the window, of the chosen status", () => {
    const now = Date.UTC(2026, 0, 2);
    expect(toRecoveryListFilter({ status: "Failed", window: "24h" }, now)).toEqual({ startTimeUsecs: Date.UTC(2026, 0, 1) * 1000, status: ["Failed"] });
    expect(toRecoveryListFilter({ status: "", window: "all" }, now)).toEqual({});
  });
});
