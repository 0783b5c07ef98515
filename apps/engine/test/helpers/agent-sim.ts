// Drives the agent protocol over HTTP from a test (tenancy/error tests that need many hosts fast;
// the flow test runs the real agent process instead).
import { AGENT_API_PREFIX, PROTOCOL_VERSION, type RegisterResponse } from "@lifeboat/agent-protocol";

export async function registerHost(engineUrl: string, registrationToken: string, hostName: string): Promise<RegisterResponse> {
  const res = await fetch(`${engineUrl}${AGENT_API_PREFIX}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      registrationToken,
      protocolVersion: PROTOCOL_VERSION,
      hostName,
      addresses: ["10.9.8.7"],
      os: "kLinux",
      osVersion: "Debian 12",
      agentVersion: "0.1.0",
      resticVersion: "0.14.0",
      volumes: [
        { mountPoint: "/", fsType: "ext4", sizeBytes: 10_000_000_000 },
        { mountPoint: "/data", fsType: "xfs", sizeBytes: 50_000_000_000 },
      ],
    }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as RegisterResponse;
}

export async function heartbeat(engineUrl: string, agentToken: string, hostName: string, agentVersion = "0.1.0") {
  const res = await fetch(`${engineUrl}${AGENT_API_PREFIX}/heartbeat`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${agentToken}` },
    body: JSON.stringify({
      hostName, addresses: ["10.9.8.7"], os: "kLinux", agentVersion, resticVersion: "0.14.0",
      volumes: [{ mountPoint: "/" }, { mountPoint: "/data" }], status: "Healthy",
    }),
  });
  return { status: res.status, body: (await res.json()) as { commands?: { id: string; type: string; [k: string]: unknown }[] } };
}

export async function reportResult(engineUrl: string, agentToken: string, commandId: string, status: "Succeeded" | "Failed", message?: string) {
  const res = await fetch(`${engineUrl}${AGENT_API_PREFIX}/commands/${commandId}/result`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${agentToken}` },
    body: JSON.stringify({ status, ...(message ? { message } : {}) }),
  });
  return res.status;
}

/** One long poll (waitSecs 0 answers at once), optionally listing the tasks the agent holds. */
export async function poll(engineUrl: string, agentToken: string, heldTaskIds?: string[]) {
  const res = await fetch(`${engineUrl}${AGENT_API_PREFIX}/poll`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${agentToken}` },
    body: JSON.stringify({ waitSecs: 0, ...(heldTaskIds ? { heldTaskIds } : {}) }),
  });
  if (res.status !== 200) throw new Error(`poll failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { commands: { id: string; type: string; taskId?: string; [k: string]: unknown }[] }).commands;
}

/** POST /tasks/{id}/progress or /result as an agent would. */
export async function reportTask(engineUrl: string, agentToken: string, taskId: string, what: "progress" | "result", body: unknown) {
  const res = await fetch(`${engineUrl}${AGENT_API_PREFIX}/tasks/${taskId}/${what}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${agentToken}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** What a simulated agent needs of a backup command to run restic as the real agent would. */
export interface SimBackupCommand {
  taskId?: string;
  tags?: string[];
  host?: string;
  repository?: { config: { kind: string; url?: string; username?: string; password?: string }; password: string };
}

/**
 * Runs the real restic for a backup command the way the agent does: against the command's
 * repository (the engine's gateway, with this agent's own token as credential), with the command's
 * tags and host. Returns restic's snapshot id — the engine believes a report only when its
 * repository holds it.
 */
export async function resticBackupAs(command: SimBackupCommand, agentToken: string, dir: string): Promise<string> {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const repo = command.repository;
  if (!repo || repo.config.kind !== "rest" || !repo.config.url) throw new Error(`command ${command.taskId} has no gateway repository`);
  const url = new URL(repo.config.url);
  url.username = repo.config.username ?? "agent";
  url.password = repo.config.password ?? agentToken;
  const args = ["--no-cache", "--json", "backup", dir, "--host", command.host ?? "sim", ...(command.tags ?? []).flatMap((t) => ["--tag", t])];
  const { stdout } = await promisify(execFile)("restic", args, { env: { PATH: process.env.PATH ?? "", HOME: dir, RESTIC_REPOSITORY: `rest:${url.href}`, RESTIC_PASSWORD: repo.password } });
  const summary = stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { message_type?: string; snapshot_id?: string }).find((m) => m.message_type === "summary");
  if (!summary?.snapshot_id) throw new Error(`restic backup printed no snapshot id: ${stdout.slice(-500)}`);
  return summary.snapshot_id;
}
