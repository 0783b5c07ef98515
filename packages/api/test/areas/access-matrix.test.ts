// Every area procedure under every role, from the one AREA_ACCESS table. The cast's workspace has
// no upstream connection, so a call that passes the role check stops right after it with
// PRECONDITION_FAILED ("no upstream connection yet") — before any input is read — and a refused
// call ends in FORBIDDEN / UNAUTHORIZED.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AREA_ACCESS, appRouter, hasRole, type AreaProcedurePath } from "../../src/index.ts";
import { createCast, type ActorName, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const AREAS = ["agent", "connection", "connector", "object", "policy", "protectionGroup", "recovery", "source"];
const actors: ActorName[] = ["anonymous", "viewer", "operator", "admin", "ops"];

function expected(path: AreaProcedurePath, actor: ActorName): string {
  if (actor === "anonymous") return "UNAUTHORIZED";
  // The ops flag grants no workspace role (the ops user is no member of the workspace).
  if (actor === "ops") return "FORBIDDEN";
  return hasRole(actor, AREA_ACCESS[path]) ? "allow" : "FORBIDDEN";
}

async function outcome(cast: Cast, actor: ActorName, path: string): Promise<string> {
  let target: unknown = cast.caller(actor);
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  try {
    await (target as (input: unknown) => Promise<unknown>)({});
    return "reached the upstream call without a connection?";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "PRECONDITION_FAILED" && /no upstream connection/.test(error.message)) return "allow";
    return error.code;
  }
}

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("area_matrix");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

describe("area access matrix", () => {
  it("has a role for every procedure of the area routers, and nothing else", () => {
    const areaProcedures = Object.keys(appRouter._def.procedures).filter((p) => AREAS.includes(p.split(".")[0]!));
    expect(areaProcedures.sort()).toEqual(Object.keys(AREA_ACCESS).sort());
  });

  it("covers all 43 upstream operations' areas with reads for viewers and writes for operators/admins", () => {
    const roles = Object.values(AREA_ACCESS);
    expect(roles.filter((r) => r === "viewer").length).toBeGreaterThan(15);
    expect(Object.entries(AREA_ACCESS).filter(([, r]) => r === "operator").map(([p]) => p).sort()).toEqual([
      "agent.download",
      "protectionGroup.run.cancel",
      "protectionGroup.run.pause",
      "protectionGroup.run.resume",
      "protectionGroup.run.runNow",
      "recovery.create",
      "recovery.createDownload",
      "recovery.download",
      "recovery.downloadFile",
    ]);
  });

  for (const path of Object.keys(AREA_ACCESS) as AreaProcedurePath[]) {
    it(`${path} (${AREA_ACCESS[path]})`, async () => {
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const actor of actors) {
        seen[actor] = await outcome(cast, actor, path);
        want[actor] = expected(path, actor);
      }
      expect(seen).toEqual(want);
    });
  }
});
