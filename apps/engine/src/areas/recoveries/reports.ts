// Restore and content task reports → the recovery's status, progress and messages; the zip of a
// download recovery is stored under `<dataDir>/downloads/` as it streams in (never in memory).
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TaskProgress, TaskResult } from "@lifeboat/agent-protocol";
import type { DataTask } from "../../generated/prisma/client.ts";
import { nowUsecs } from "../../ids.ts";
import type { EngineContext } from "../../context.ts";

export async function onRecoveryProgress(engine: EngineContext, task: DataTask, p: TaskProgress) {
  await engine.db.recovery.updateMany({
    where: { seq: task.recoverySeq!, status: { in: ["Accepted", "Running"] } },
    data: { status: p.state === "Queued" ? "Accepted" : "Running", bytesRestored: BigInt(p.bytesDone) },
  });
}

export async function onRecoveryResult(engine: EngineContext, task: DataTask, result: TaskResult) {
  const recovery = await engine.db.recovery.findUnique({ where: { seq: task.recoverySeq! } });
  if (!recovery) return;
  const status = result.status === "SucceededWithWarning" ? "SucceededWithWarning" : result.status;
  const bytes = (result.data as { bytesRestored?: number; bytes?: number } | undefined) ?? {};
  const messages = [...(result.message ? [result.message] : []), ...result.warnings.slice(0, 50).map((w) => (w.path ? `${w.path}: ${w.message}` : w.message))];
  await engine.db.recovery.update({
    where: { seq: recovery.seq },
    data: {
      status,
      endTimeUsecs: nowUsecs(),
      messages,
      ...(typeof bytes.bytesRestored === "number" ? { bytesRestored: BigInt(bytes.bytesRestored) } : {}),
    },
  });
}

export const contentFile = (engine: EngineContext, taskId: bigint) => path.resolve(engine.config.dataDir, "downloads", `${taskId}.zip`);

export async function storeContent(engine: EngineContext, task: DataTask, body: Readable) {
  const file = contentFile(engine, task.id);
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0n;
  body.on("data", (c: Buffer) => (bytes += BigInt(c.length)));
  try {
    await pipeline(body, createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  await engine.db.dataTask.update({ where: { id: task.id }, data: { contentPath: file, contentBytes: bytes } });
}
