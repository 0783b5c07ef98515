// Alerts on the real stack: the bundled engine process, a real agent with real restic, the portal
// database, the ops sync and the alert jobs on pg-boss, a local HTTP server as the webhook and a
// real SMTP server (smtp-server). A run that fails sends exactly one signed webhook and one e-mail
// carrying the documented payload, however many evaluations follow; the next successful run sends
// one resolution each. An agent that stops raises agent.offline; back, it resolves.
import { mkdir, mkdtemp, readdir, rm, statfs, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureOf, startAlertJobs, startOpsSync, silentLog, WebhookPayloadSchema, type AlertJobsHandle, type OpsSyncHandle, type WebhookPayload } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "../helpers/receivers.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "../areas/agent-process.ts";
import { bindWorkspace } from "../areas/helpers.ts";

const SECRET = "webhook-signing-secret-0123456789";
let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let hook: HttpReceiver;
let smtp: SmtpReceiver;
let agent: AgentProcess | undefined;
let sync: OpsSyncHandle | undefined;
let jobs: AlertJobsHandle | undefined;
let tmp: string;

beforeAll(async () => {
  [t, engine, hook, smtp] = await Promise.all([
    openTestDb("alerts_engine"),
    startEngine({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_HEARTBEAT_INTERVAL_SECS: "1", ENGINE_AGENT_OFFLINE_SECS: "5", ENGINE_HOST_REPOSITORIES: "on", ENGINE_REPOSITORY_CHECK_READ_DATA_SUBSET: "100%" }),
    startHttpReceiver(),
    startSmtpReceiver({ auth: { user: "lifeboat", pass: "smtp-password" } }),
  ]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "alerts-engine");
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-alerts-"));
}, 180_000);

afterAll(async () => {
  await jobs?.stop();
  await sync?.stop();
  await agent?.stop();
  await engine?.stop();
  await hook?.close();
  await smtp?.close();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The webhook requests received so far, verified and parsed as the documented payload. */
function webhooks(): WebhookPayload[] {
  return hook.requests.map((r) => {
    expect(r.headers["x-lifeboat-signature"]).toBe(signatureOf(r.body, SECRET));
    expect(r.headers["content-type"]).toBe("application/json");
    return WebhookPayloadSchema.parse(JSON.parse(r.body));
  });
}

const of = (event: WebhookPayload["event"], condition: string) => webhooks().filter((w) => w.event === event && w.alert.condition === condition);
const mails = (text: string) => smtp.messages.filter((m) => m.subject?.includes(text));

/** Every file below `dir` whose path passes `keep`. */
async function findFiles(dir: string, keep: (file: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).filter(keep);
}

describe("alerts against the real engine, agent and restic", () => {
  it("one webhook and one e-mail per problem and per resolution, signed, with the documented payload", { timeout: 420_000 }, async () => {
    const admin = cast.caller("admin");
    const operator = cast.caller("operator");
    await admin.alertSettings.update({ agentOfflineMinutes: 0, runStalledMinutes: 30, staleHours: null, staleFactor: 2, storagePercent: 85, upstreamFailures: 3, eventHours: 24 });
    const webhook = await admin.alertChannel.create({ name: "hook", kind: "webhook", url: `${hook.url}/lifeboat?token=abc`, secret: SECRET });
    expect(webhook).toMatchObject({ kind: "webhook", target: hook.url, hasSecret: true });
    expect(JSON.stringify(webhook)).not.toContain(SECRET);
    expect(JSON.stringify(webhook)).not.toContain("token=abc");
    const mail = await admin.alertChannel.create({
      name: "mail",
      kind: "email",
      smtp: { host: "127.0.0.1", port: smtp.port, security: "none", username: "lifeboat", password: "smtp-password", from: "lifeboat@example.test" },
      recipients: ["oncall@example.test"],
    });
    expect(JSON.stringify(mail)).not.toContain("smtp-password");
    const rule = await admin.alertRule.create({ name: "page on-call", conditions: ["run.failed", "agent.offline"], minSeverity: "warning", channelIds: [webhook.id, mail.id] });
    expect(rule).toMatchObject({ id: expect.any(String), channelIds: expect.arrayContaining([webhook.id, mail.id]) });

    // A host whose protected folder does not exist yet: its first run fails.
    const src = path.join(tmp, "data");
    const conn = await admin.connection.create({ connectionName: "alerts-site" });
    const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
    const hostName = `alerts-${process.pid}`;
    const agentEnv = { AGENT_RESTIC_CPUS: "1", AGENT_STATE_DIR: path.join(tmp, "agent-state"), AGENT_HOME: path.join(tmp, "agent-home") };
    agent = await startAgentProcess(engine.url, registrationToken, hostName, agentEnv);
    await waitFor("the agent's connector", async () => (await admin.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected), 90_000);
    const source = await admin.source.create({
      registration: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
    });
    const policy = await admin.policy.create({
      policy: { name: "alerts-policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 7 } } } },
    });
    const group = await admin.protectionGroup.create({
      group: {
        name: "alerts-group",
        policyId: policy.id!,
        environment: "kPhysical",
        physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: source.sourceId!, filePaths: [{ includedPath: src }] }] } },
      },
    });
    const groupId = group.id!;

    sync = startOpsSync({ db: t.db, log: silentLog, intervalMs: 1000 });
    jobs = await startAlertJobs({ db: t.db, log: silentLog, connectionString: t.url, intervalMs: 1000, retryDelaySeconds: 1, portalUrl: "http://portal.example.test" });

    await operator.protectionGroup.run.runNow({ groupId });
    const [firing] = await waitFor("the run.failed webhook", async () => (of("alert.firing", "run.failed").length > 0 ? of("alert.firing", "run.failed") : undefined), 180_000);
    expect(firing!.alert).toMatchObject({
      condition: "run.failed",
      severity: "critical",
      status: "open",
      subject: { kind: "protectionGroup", id: groupId, name: "alerts-group", groupId, groupName: "alerts-group", runId: expect.any(String) },
      url: expect.stringContaining("http://portal.example.test/alerts?alert="),
    });
    expect(firing!.workspace.id).toBe(cast.workspaceId);
    // The alert says why: the engine's message names the missing folder.
    expect(firing!.alert.message).toMatch(/^The newest run of protection group "alerts-group" failed: .+/);
    expect(firing!.alert.message).toContain(src);
    const failedRunId = firing!.alert.subject.runId!;
    const runs = await t.db.runSummary.findMany({ where: { groupId } });
    expect(runs.find((r) => r.runId === failedRunId)?.status).toBe("Failed");
    const [firingMail] = await waitFor("the run.failed e-mail", async () => (mails("Run failed").length > 0 ? mails("Run failed") : undefined), 60_000);
    expect(firingMail!.envelopeTo).toEqual(["oncall@example.test"]);
    expect(firingMail!.authUser).toBe("lifeboat");
    expect(firingMail!.subject).toContain("[CRITICAL]");
    expect(firingMail!.text).toContain(failedRunId);

    // Several evaluations later the problem is still one alert, notified once on each channel.
    const alertId = firing!.alert.id;
    const seenAt = Date.now();
    await waitFor("three more evaluations", async () => {
      const a = await cast.caller("viewer").alert.get({ id: alertId });
      return a.lastSeenAt.getTime() > seenAt + 3000 ? a : undefined;
    }, 60_000);
    expect(of("alert.firing", "run.failed")).toHaveLength(1);
    expect(mails("Run failed")).toHaveLength(1);
    const open = await cast.caller("viewer").alert.list({ status: "open", condition: "run.failed" });
    expect(open.items.map((a) => a.id)).toEqual([alertId]);
    expect((await cast.caller("viewer").alert.summary()).bySeverity.critical).toBeGreaterThanOrEqual(1);

    // An operator acknowledges it; it stays open until the condition clears.
    const acked = await operator.alert.acknowledge({ id: alertId, note: "looking into the missing folder" });
    expect(acked).toMatchObject({ status: "open", acknowledgeNote: "looking into the missing folder", acknowledgedBy: cast.users.operator.email });

    // The folder appears; the next run succeeds and resolves the problem: one resolution per channel.
    await mkdir(src, { recursive: true });
    await writeFile(path.join(src, "file.txt"), "hello");
    await operator.protectionGroup.run.runNow({ groupId });
    const [resolved] = await waitFor("the run.failed resolution", async () => (of("alert.resolved", "run.failed").length > 0 ? of("alert.resolved", "run.failed") : undefined), 180_000);
    expect(resolved!.alert).toMatchObject({ id: alertId, status: "resolved", acknowledged: true, resolvedAt: expect.any(String) });
    await waitFor("the resolution e-mail", async () => (mails("[RESOLVED]").length > 0 ? true : undefined), 60_000);
    // Evaluations go on every second: nothing more may arrive for the resolved problem.
    await new Promise((r) => setTimeout(r, 5000));
    expect(of("alert.resolved", "run.failed")).toHaveLength(1);
    expect(mails("[RESOLVED]")).toHaveLength(1);

    // The delivery log shows each attempt with its status code.
    const log = await admin.alertChannel.deliveries({ id: webhook.id });
    expect(log.items.map((d) => [d.event, d.status, d.attempts.map((a) => a.statusCode)])).toEqual([
      ["resolved", "delivered", [200]],
      ["firing", "delivered", [200]],
    ]);

    // Agent stopped → agent.offline; back → resolved.
    await agent.stop();
    agent = undefined;
    const [offline] = await waitFor("the agent.offline webhook", async () => (of("alert.firing", "agent.offline").length > 0 ? of("alert.firing", "agent.offline") : undefined), 120_000);
    expect(offline!.alert).toMatchObject({ condition: "agent.offline", severity: "critical", subject: { kind: "agent" } });
    agent = await startAgentProcess(engine.url, registrationToken, hostName, agentEnv);
    const [back] = await waitFor("the agent.offline resolution", async () => (of("alert.resolved", "agent.offline").length > 0 ? of("alert.resolved", "agent.offline") : undefined), 120_000);
    expect(back!.alert.id).toBe(offline!.alert.id);
    expect(of("alert.firing", "agent.offline")).toHaveLength(1);

    // Storage: the engine reports how full the file system under its local storage target is (its
    // data folder in the system's temp folder). A threshold below that raises storage.full with the
    // figures df would show; a threshold of 100 % resolves it.
    const thresholds = await admin.alertSettings.get();
    await admin.alertSettings.update({ ...thresholds, storagePercent: 1 });
    const [full] = await waitFor("the storage.full alert", async () => {
      const { items } = await cast.caller("viewer").alert.list({ status: "open", condition: "storage.full" });
      return items.length > 0 ? items : undefined;
    }, 60_000);
    const disk = await statfs(os.tmpdir());
    const dfPercent = (1 - disk.bavail / disk.blocks) * 100;
    expect(full!.details["totalBytes"]).toBe(disk.blocks * disk.bsize);
    expect(Number(full!.details["percent"])).toBeGreaterThan(dfPercent - 2);
    expect(Number(full!.details["percent"])).toBeLessThan(dfPercent + 2);
    expect(full!.message).toMatch(/^The storage target of ".+" is \d+\.\d % full \(threshold 1 %\)$/);
    await admin.alertSettings.update({ ...thresholds, storagePercent: 100 });
    await waitFor("the storage.full resolution", async () => {
      const a = await cast.caller("viewer").alert.get({ id: full!.id });
      return a.status === "resolved" ? a : undefined;
    }, 60_000);

    // Legal hold: setting it on the successful run, then releasing it, are two retention.changed
    // alerts that name the run and the group (the alert job reads holds live, any run's age).
    const succeeded = (await t.db.runSummary.findMany({ where: { groupId, status: "Succeeded" } }))[0]!;
    const holdAlerts = async (text: string) => {
      const { items } = await cast.caller("viewer").alert.list({ condition: "retention.changed" });
      const hits = items.filter((a) => a.message.includes(text));
      return hits.length > 0 ? hits : undefined;
    };
    await admin.protectionGroup.run.update({ groupId, runs: [{ runId: succeeded.runId, localSnapshotConfig: { enableLegalHold: true } }] });
    const [held] = await waitFor("the legal-hold alert", () => holdAlerts("Legal hold set on run"), 60_000);
    expect(held!.message).toBe(`Legal hold set on run ${succeeded.runId} of protection group "alerts-group"`);
    expect(held!.subject).toMatchObject({ kind: "protectionGroup", id: groupId, runId: succeeded.runId });
    await admin.protectionGroup.run.update({ groupId, runs: [{ runId: succeeded.runId, localSnapshotConfig: { enableLegalHold: false } }] });
    const [released] = await waitFor("the legal-hold release alert", () => holdAlerts("released from run"), 60_000);
    expect(released!.message).toBe(`Legal hold released from run ${succeeded.runId} of protection group "alerts-group"`);
    // A DataLock set on that (older) run is a change too; the alert says the lock's mode and end.
    await admin.protectionGroup.run.update({ groupId, runs: [{ runId: succeeded.runId, localSnapshotConfig: { dataLock: "Compliance" } }] });
    const [locked] = await waitFor("the DataLock alert", () => holdAlerts(`DataLock of run ${succeeded.runId} set`), 60_000);
    expect(locked!.message).toMatch(new RegExp(`^DataLock of run ${succeeded.runId} set to Compliance until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z of protection group "alerts-group"$`));
    // The host's repository loses a pack file: the check the admin asks for fails, and the
    // repository.checkFailed alert names the host and carries restic's reason.
    const repo = await admin.source.repository({ sourceId: source.sourceId! });
    expect(repo, "the successful backup made the host's repository").not.toBeNull();
    const packs = await findFiles(path.join(engine.dataDir), (p) => p.includes(`${path.sep}hosts${path.sep}${repo!.repositoryId}${path.sep}data${path.sep}`));
    expect(packs.length).toBeGreaterThan(0);
    await rm(packs[0]!);
    await admin.source.checkRepository({ sourceId: source.sourceId!, repositoryId: repo!.repositoryId });
    const [damaged] = await waitFor("the repository.checkFailed alert", async () => {
      const { items } = await cast.caller("viewer").alert.list({ status: "open", condition: "repository.checkFailed" });
      return items.length > 0 ? items : undefined;
    }, 240_000);
    expect(damaged!.subject).toMatchObject({ kind: "source", id: String(source.sourceId) });
    // restic's findings, not its progress ticks: the missing pack is named.
    expect(damaged!.message).toMatch(/^The repository check of ".+" failed: pack \w+/);
    expect(damaged!.message).toContain(path.basename(packs[0]!).slice(0, 8));
    expect(damaged!.message).not.toMatch(/\[\d+:\d+\]/);
  });
});
