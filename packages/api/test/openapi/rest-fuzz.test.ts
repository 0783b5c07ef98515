// Issue 12 "Done when": ~900 generated requests across every /api/v1 operation of the OpenAPI
// document — bad ids, bad and missing bodies, wrong types, huge values, unknown enum values, wrong
// methods, and wrong states (cancel/pause/resume a finished run, run a group while it runs, cancel a
// finished recovery, delete a policy in use) — against the real engine with a real agent and real
// restic. None may answer 5xx, and every 4xx answers JSON with a message.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimiter, openApiDocument } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "../areas/agent-process.ts";
import { bindWorkspace } from "../areas/helpers.ts";
import { startRestServer, type RestServer } from "./rest-server.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let rest: RestServer;
let agent: AgentProcess | undefined;
let tmp: string;
let adminToken: string;
let viewerToken: string;
/** Real ids of things in a final state, for the wrong-state requests. */
const real = { groupId: "", runId: "", policyId: "", hostId: "", snapshotId: "", recoveryId: "", connectionId: "" };
const rateLimiter = createApiRateLimiter({ perToken: 100_000, perUser: 100_000, windowSeconds: 60 });
// The portal serves /api/v1 with NODE_ENV=production. Outside production trpc-to-openapi rebuilds
// and validates the whole OpenAPI document on every request (~0.4 s of CPU), which would make 900
// requests take minutes: run them as the portal does.
const env = process.env as Record<string, string | undefined>;
const nodeEnv = env.NODE_ENV;

beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("rest_fuzz"), startEngine({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_HEARTBEAT_INTERVAL_SECS: "1" })]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "rest-fuzz");
  rest = await startRestServer(() => ({ db: t.db, rateLimiter }));
  adminToken = (await cast.caller("admin").apiToken.create({ name: "fuzz-admin", role: "admin" })).token;
  viewerToken = (await cast.caller("viewer").apiToken.create({ name: "fuzz-viewer", role: "viewer" })).token;
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-fuzz-"));
  const src = path.join(tmp, "data");
  await mkdir(src);
  await writeFile(path.join(src, "a.txt"), "fuzz me\n");

  const admin = cast.caller("admin");
  const conn = await admin.connection.create({ connectionName: "fuzz-site" });
  real.connectionId = conn.connectionId!;
  const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
  const hostName = `api-fuzz-${process.pid}`;
  agent = await startAgentProcess(engine.url, registrationToken, hostName, { AGENT_RESTIC_CPUS: "1" });
  await waitFor("the agent's connector", async () => (await admin.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected), 90_000);
  const hostId = (await admin.source.create({ registration: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } } })).sourceId!;
  real.hostId = String(hostId);
  const policy = await admin.policy.create({
    policy: { name: "fuzz-policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } },
  });
  real.policyId = policy.id!;
  const group = await admin.protectionGroup.create({
    group: {
      name: "fuzz-group",
      policyId: policy.id!,
      environment: "kPhysical",
      physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: hostId, filePaths: [{ includedPath: src }] }] } },
    },
  });
  real.groupId = group.id!;
  await cast.caller("operator").protectionGroup.run.runNow({ groupId: group.id! });
  const snapshot = await waitFor("the first snapshot", async () => (await admin.object.snapshots({ id: hostId })).items[0], 120_000);
  real.snapshotId = snapshot.id!;
  const runs = await waitFor("the finished run", async () => {
    const listed = await admin.protectionGroup.run.list({ groupId: group.id! });
    const done = listed.items.find((r) => r.view?.finished);
    return done;
  }, 60_000);
  real.runId = String(runs.id);
  const recovery = await admin.recovery.create({
    recovery: {
      name: "fuzz-recovery",
      snapshotEnvironment: "kPhysical",
      physicalParams: {
        objects: [{ snapshotId: real.snapshotId }],
        recoveryAction: "RecoverFiles",
        recoverFileAndFolderParams: {
          targetEnvironment: "kPhysical",
          filesAndFolders: [{ absolutePath: path.join(src, "a.txt") }],
          physicalTargetParams: { recoverTarget: { id: hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: path.join(tmp, "restored") },
        },
      },
    },
  });
  real.recoveryId = recovery.id!;
  await waitFor("the recovery to end", async () => ((await admin.recovery.get({ id: real.recoveryId })).view.finished ? true : undefined), 90_000);
}, 300_000);
afterAll(async () => {
  env.NODE_ENV = nodeEnv;
  await agent?.stop();
  await rest?.close();
  await engine?.stop();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// ---- the generator -------------------------------------------------------------------------

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  format?: string;
};
type Parameter = { name: string; in: "path" | "query"; schema?: Schema };
type Operation = { method: string; path: string; parameters: Parameter[]; body: Schema | null };
interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  body?: string;
  token?: string;
}

/** A deterministic PRNG (mulberry32): the same 900 requests on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(12);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const BAD_IDS = ["0", "-1", "999999999", "1:2:3", "9:9:9:9", "abc", "9".repeat(300), "1e308", "null", "' OR 1=1 --", "..", "%00", "💥", "1:1:99999999999999999999", "NaN"];
const HUGE_STRING = "x".repeat(30_000);
const WRONG_VALUES: unknown[] = [null, true, 12345, -1, 1e308, "text", "", [], {}, [1, 2, 3], { nested: { deep: true } }, HUGE_STRING, "9".repeat(500)];

function firstType(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null");
  return schema.type;
}

/** A plausible value for a schema (a valid-looking body to mutate). */
function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant?.length) return sample(variant[0], depth + 1);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => sample(s, depth + 1) as object));
  if (schema.enum?.length) return schema.enum[0];
  switch (firstType(schema)) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random() < 0.5) out[key] = sample(value, depth + 1);
      }
      return out;
    }
    case "array":
      return [sample(schema.items, depth + 1)];
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "string":
      return schema.format === "date-time" ? new Date().toISOString() : schema.format === "uri" ? "http://example.invalid/" : "fuzz";
    default:
      return null;
  }
}

/** Dotted paths of every property in a sampled value, to mutate one at a time. */
function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const out: string[][] = prefix.length ? [prefix] : [];
  for (const [key, child] of entries) out.push(...leaves(child, [...prefix, key]));
  return out;
}

function setAt(value: unknown, at: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[at.at(-1)!] = replacement;
  return copy;
}

/** Schema of the property at a path (for unknown enum values). */
function enumPaths(schema: Schema | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 6) return [];
  const out: string[][] = [];
  if (schema.enum && prefix.length) out.push(prefix);
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) out.push(...enumPaths(s, prefix, depth + 1));
  for (const [key, value] of Object.entries(schema.properties ?? {})) out.push(...enumPaths(value, [...prefix, key], depth + 1));
  if (schema.items) out.push(...enumPaths(schema.items, [...prefix, "0"], depth + 1));
  return out;
}

function operationsOf(): Operation[] {
  const doc = openApiDocument("http://fuzz.test/api/v1");
  const out: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>)) {
      out.push({ method: method.toUpperCase(), path: p, parameters: raw.parameters ?? [], body: raw.requestBody?.content?.["application/json"]?.schema ?? null });
    }
  }
  return out;
}

function fill(op: Operation, ids: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? pick(BAD_IDS)));
}

function query(op: Operation, mutate: boolean): string {
  const params = op.parameters.filter((p) => p.in === "query");
  if (!params.length) return "";
  const search = new URLSearchParams();
  for (const param of params) {
    if (!mutate && random() < 0.5) continue;
    const value = mutate ? pick(["-1", "abc", "1e12", "99999999999999999999", "kUnknownEnum", HUGE_STRING.slice(0, 5000), "", "null", "[]", "true"]) : String(sample(param.schema) ?? "");
    search.set(param.name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function generate(): FuzzRequest[] {
  const ops = operationsOf();
  const perOp = new Map<Operation, FuzzRequest[]>();
  for (const op of ops) {
    const list: FuzzRequest[] = [];
    const hasBody = op.method !== "GET" && op.method !== "DELETE";
    const add = (label: string, p: string, body?: unknown, raw?: string) =>
      list.push({ label: `${op.method} ${op.path}: ${label}`, method: op.method, path: p, ...(hasBody ? { body: raw ?? JSON.stringify(body ?? {}) } : {}) });
    add("bad ids", fill(op) + query(op, false), {});
    add("bad ids, bad query", fill(op) + query(op, true), {});
    add("another bad id", fill(op) + query(op, true), {});
    if (hasBody && op.body) {
      const valid = sample(op.body);
      add("sampled body", fill(op), valid);
      add("invalid JSON", fill(op), undefined, "{not json");
      add("body is an array", fill(op), undefined, "[1,2,3]");
      add("body is a string", fill(op), undefined, JSON.stringify(HUGE_STRING));
      add("body is null", fill(op), undefined, "null");
      const paths = leaves(valid);
      for (let i = 0; i < Math.min(paths.length, 4); i++) {
        const at = pick(paths);
        add(`wrong type at ${at.join(".")}`, fill(op), setAt(valid, at, pick(WRONG_VALUES)));
      }
      for (const at of enumPaths(op.body).slice(0, 2)) {
        if (leaves(valid).some((l) => l.join(".") === at.join("."))) add(`unknown enum at ${at.join(".")}`, fill(op), setAt(valid, at, "kNoSuchValue"));
      }
      add("huge body", fill(op), { ...(valid as object), extra: HUGE_STRING, more: Array.from({ length: 2000 }, (_, i) => i) });
    }
    perOp.set(op, list);
  }
  // Wrong methods on every path.
  const byPath = new Map<string, string[]>();
  for (const op of ops) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method]);
  const wrong: FuzzRequest[] = [];
  for (const [p, methods] of byPath) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !methods.includes(m))) {
      const op = ops.find((o) => o.path === p)!;
      wrong.push({ label: `${method} ${p}: wrong method`, method, path: fill(op), ...(method === "GET" || method === "DELETE" ? {} : { body: "{}" }) });
    }
  }
  // Round-robin so every operation is represented before the cap.
  const all: FuzzRequest[] = [];
  const lists = [...perOp.values(), wrong];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const list of lists) if (list[i]) all.push(list[i]!);
  // The viewer's token on a few writes: 403 with a message.
  for (const request of all.filter((r) => r.method !== "GET").slice(0, 20)) all.push({ ...request, label: `${request.label} (viewer)`, token: viewerToken });
  // No token, a malformed token: 401.
  all.push({ label: "no token", method: "GET", path: "/policies", token: "" });
  all.push({ label: "malformed token", method: "GET", path: "/policies", token: "lbt_not-a-token" });
  return all;
}

function wrongStates(): FuzzRequest[] {
  const g = encodeURIComponent(real.groupId);
  const r = encodeURIComponent(real.runId);
  return [
    { label: "cancel a finished run", method: "POST", path: `/protection-groups/${g}/runs/${r}/cancel`, body: "{}" },
    { label: "pause a finished run", method: "POST", path: `/protection-groups/${g}/runs/${r}/pause`, body: "{}" },
    { label: "resume a finished run", method: "POST", path: `/protection-groups/${g}/runs/${r}/resume`, body: "{}" },
    { label: "cancel a finished recovery", method: "POST", path: `/recoveries/${encodeURIComponent(real.recoveryId)}/cancel`, body: "{}" },
    { label: "delete a policy in use", method: "DELETE", path: `/policies/${encodeURIComponent(real.policyId)}` },
    { label: "a run of another group's run id", method: "GET", path: `/protection-groups/1:1:424242/runs/${r}` },
    { label: "run a group whose run is active (1)", method: "POST", path: `/protection-groups/${g}/runs`, body: "{}" },
    { label: "run a group whose run is active (2)", method: "POST", path: `/protection-groups/${g}/runs`, body: "{}" },
    { label: "run a group whose run is active (3)", method: "POST", path: `/protection-groups/${g}/runs`, body: "{}" },
    { label: "a policy named like an existing one", method: "POST", path: "/policies", body: JSON.stringify({ policy: { name: "fuzz-policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } } }) },
    { label: "a snapshot's files with a bad snapshot", method: "GET", path: `/objects/${encodeURIComponent(real.hostId)}/snapshots/nope/files` },
    { label: "browse a host with a huge path", method: "GET", path: `/sources/${encodeURIComponent(real.hostId)}/browse?path=${"a/".repeat(3000)}` },
    { label: "a registration token for a bad connection", method: "POST", path: "/connections/abc/registration-token", body: "{}" },
  ];
}

// ---- the test ------------------------------------------------------------------------------

describe("REST fuzz: ~900 generated requests against the real engine", () => {
  it("answers none with 5xx, and every 4xx with JSON and a message", { timeout: 240_000 }, async () => {
    const requests = [...wrongStates(), ...generate()].slice(0, 900);
    expect(requests.length).toBeGreaterThanOrEqual(850);
    env.NODE_ENV = "production";
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    const slow: [number, string][] = [];
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const token = request.token === undefined ? adminToken : request.token || null;
        const began = Date.now();
        let response: Response;
        let text: string;
        try {
          response = await rest.call(request.path, token, { method: request.method, signal: AbortSignal.timeout(30_000), ...(request.body !== undefined ? { body: request.body } : {}) });
          text = await response.text();
        } catch (error) {
          failures.push(`${request.label} → no answer within 30 s (${String(error)})`);
          continue;
        } finally {
          slow.push([Date.now() - began, request.label]);
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const snippet = `${request.label} → ${response.status} ${text.slice(0, 240)}`;
        if (response.status >= 500) failures.push(snippet);
        else if (response.status >= 400) {
          let message: unknown;
          try {
            message = (JSON.parse(text) as { message?: unknown }).message;
          } catch {
            message = undefined;
          }
          if (!/json/.test(response.headers.get("content-type") ?? "") || typeof message !== "string" || !message.trim()) failures.push(`no JSON message: ${snippet}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    env.NODE_ENV = nodeEnv;
    const seconds = (Date.now() - started) / 1000;
    slow.sort((a, b) => b[0] - a[0]);
    console.log(`slowest: ${slow.slice(0, 12).map(([ms, label]) => `${ms} ms ${label}`).join("\n")}`);
    console.log(`rest fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures, failures.join("\n")).toEqual([]);
    // It exercised more than refusals: real reads answer 200, and 400/404/405/409 all occur.
    for (const status of [200, 400, 401, 403, 404, 409]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  });
});
