// The download route's handler (server/download.ts, what /api/download's GET runs) against a real
// database and the real bundled engine over HTTP: an app using the REST door gets a ticket URL from
// /api/v1 with its API token and redeems it with the same token (whole file and a closed Range);
// another user's token, the user's token for another workspace, a token whose role is too low, a
// malformed token and no credentials are refused. The browser path (session user) still works.
// next-auth cannot run outside Next, so the session reader is the one injected dependency.
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleRestRequest, silentLog, createUpstreamFor, type UpstreamFor } from "@lifeboat/api";
import { callerFor, createCast, type Cast } from "../../../../packages/api/test/helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../../../../packages/api/test/helpers/engine.ts";
import { openTestDb, type TestDb } from "../../../../packages/api/test/helpers/test-db.ts";
import { bindWorkspace } from "../../../../packages/api/test/areas/helpers.ts";
import { handleDownload } from "./download.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let upstreamFor: UpstreamFor;
let packageDir: string;
let installer: Buffer;
const tokens: Record<"operator" | "admin" | "operatorViewer" | "operatorOther", string> = { operator: "", admin: "", operatorViewer: "", operatorOther: "" };

const TEMPLATE = "#!/bin/sh\n# lifeboat download-route test installer\nexit 0\n";

/** A real agent package for the engine to serve: manifest, install.sh template and the .tgz. */
async function writeAgentPackage(dir: string): Promise<Buffer> {
  const tgz = Buffer.alloc(40_000);
  for (let i = 0; i < tgz.length; i++) tgz[i] = (i * 31 + 7) % 251;
  await writeFile(path.join(dir, "lifeboat-agent-9.9.9.tgz"), tgz);
  await writeFile(path.join(dir, "install.sh"), TEMPLATE);
  const sha256 = createHash("sha256").update(tgz).digest("hex");
  await writeFile(path.join(dir, "manifest.json"), JSON.stringify({ version: "9.9.9", file: "lifeboat-agent-9.9.9.tgz", sha256, platform: "kLinux" }));
  // The kScript contract of apps/agent/README.md: template, then the package in base64 lines.
  return Buffer.from(`${TEMPLATE}${tgz.toString("base64").replace(/.{76}/g, "$&\n")}\n`, "utf8");
}

beforeAll(async () => {
  packageDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-download-route-"));
  installer = await writeAgentPackage(packageDir);
  [t, engine] = await Promise.all([openTestDb("download_route"), startEngine({ ENGINE_AGENT_PACKAGE_DIR: packageDir })]);
  upstreamFor = createUpstreamFor({ db: t.db });
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "download-route");
  // The operator is also a member of a second workspace, with a token there.
  await t.db.membership.create({ data: { userId: cast.users.operator.id, workspaceId: cast.otherWorkspaceId, role: "operator" } });
  tokens.operator = (await cast.caller("operator").apiToken.create({ name: "dl-operator", role: "operator" })).token;
  tokens.operatorViewer = (await cast.caller("operator").apiToken.create({ name: "dl-operator-viewer", role: "viewer" })).token;
  tokens.admin = (await cast.caller("admin").apiToken.create({ name: "dl-admin", role: "admin" })).token;
  const inOther = callerFor(t.db, cast.users.operator, { selectedWorkspaceId: cast.otherWorkspaceId });
  tokens.operatorOther = (await inOther.apiToken.create({ name: "dl-operator-other", role: "operator" })).token;
}, 180_000);
afterAll(async () => {
  await engine?.stop();
  await t?.close();
  if (packageDir) await rm(packageDir, { recursive: true, force: true });
});

/** A ticket URL issued through the REST door, as a sibling app gets it. */
async function ticketUrlFor(token: string): Promise<string> {
  const response = await handleRestRequest(
    new Request("http://portal.test/api/v1/agent-installer/download-ticket", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ platform: "kLinux", linuxParams: { packageType: "kScript" } }),
    }),
    { db: t.db, log: silentLog, upstreamFor, clientIp: "192.0.2.10" },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { url: string }).url;
}

function download(url: string, headers: Record<string, string> = {}, sessionUserId: string | null = null) {
  return handleDownload(new Request(new URL(url, "http://portal.test"), { headers }), {
    db: t.db,
    upstreamFor,
    log: silentLog,
    clientIp: "192.0.2.10",
    sessionUserId: async () => sessionUserId,
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("/api/download with an API token", () => {
  it("streams the file to the token the ticket was issued through, whole and by a closed Range, and audits the token", async () => {
    const url = await ticketUrlFor(tokens.operator);
    const whole = await download(url, bearer(tokens.operator));
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-disposition")).toContain('filename="lifeboat-agent-kLinux.kScript"');
    expect(Buffer.from(await whole.arrayBuffer()).equals(installer)).toBe(true);

    const ranged = await download(url, { ...bearer(tokens.operator), range: "bytes=100-4195" });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe("bytes 100-4195/*");
    expect(Buffer.from(await ranged.arrayBuffer()).equals(installer.subarray(100, 4196))).toBe(true);

    const audit = await t.db.auditEvent.findMany({ where: { procedure: "download.agent", userId: cast.users.operator.id }, select: { actor: true, clientIp: true } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toEqual({ actor: `${cast.users.operator.email} (API token "dl-operator")`, clientIp: "192.0.2.10" });
  });

  it("refuses another user's token, the user's token for another workspace and a token below the role", async () => {
    const url = await ticketUrlFor(tokens.operator);
    const foreign = await download(url, bearer(tokens.admin));
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("belongs to another user");
    const otherWorkspace = await download(url, bearer(tokens.operatorOther));
    expect(otherWorkspace.status).toBe(403);
    expect(await otherWorkspace.text()).toContain('another workspace than API token "dl-operator-other"');
    const viewer = await download(url, bearer(tokens.operatorViewer));
    expect(viewer.status).toBe(403);
    expect(await viewer.text()).toContain('needs the operator role; API token "dl-operator-viewer" has viewer');
  });

  it("answers 401 without credentials, for an unknown or malformed token and for a non-token scheme, even with a session", async () => {
    const url = await ticketUrlFor(tokens.operator);
    const none = await download(url);
    expect(none.status).toBe(401);
    expect(await none.text()).toContain("Sign in first");
    const unknown = await download(url, bearer(`lbt_${"A".repeat(43)}`));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toBe('Bearer realm="lifeboat"');
    expect(await unknown.text()).toContain("Unknown API token");
    const malformed = await download(url, bearer("lbt_short"), cast.users.operator.id);
    expect(malformed.status).toBe(401);
    const basic = await download(url, { authorization: "Basic b3BlcmF0b3I6eA==" }, cast.users.operator.id);
    expect(basic.status).toBe(401);
    expect(await basic.text()).toContain("Expected Authorization: Bearer lbt_");
  });

  it("still serves the browser: the session's user redeems a ticket issued to them", async () => {
    const url = await ticketUrlFor(tokens.operator);
    const viaSession = await download(url, { range: "bytes=0-9" }, cast.users.operator.id);
    expect(viaSession.status).toBe(206);
    expect(Buffer.from(await viaSession.arrayBuffer()).toString("utf8")).toBe(installer.subarray(0, 10).toString("utf8"));
    const otherSession = await download(url, {}, cast.users.admin.id);
    expect(otherSession.status).toBe(403);
  });
});
