// Downloads (§6, chunked by startOffset + length ≤ 8 MiB — §Q 6): a download recovery's zip from
// the engine's data dir, and one indexed file of a snapshot, streamed from the agent (a raw
// `content` task) straight into the HTTP response. Neither holds a whole file in memory.
import { createReadStream } from "node:fs";
import path from "node:path";
import { PassThrough, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { conflict, EngineError, invalid, invalidField, notFound } from "../../errors.ts";
import { BinaryResult, type OperationRequest, type RequestContext } from "../../context.ts";
import type { DataTask } from "../../generated/prisma/client.ts";
import { cancelTask, createTask, TERMINAL } from "../../tasks/dispatch.ts";
import { agentOfObject, findRecovery, findTenantSnapshot } from "./handlers.ts";

/** How long the engine waits for the agent to start streaming a file (the PUT of its upload). */
const CONTENT_START_TIMEOUT_MS = 60_000;
/**
 * How long it waits for the file's first byte: restic retries a repository read that fails (a pack
 * file gone) for ~45 s before it gives up, and the client should get that reason as a status.
 */
const FIRST_BYTE_TIMEOUT_MS = 120_000;

export async function downloadFilesFromRecovery(ctx: RequestContext, input: OperationRequest<"downloadFilesFromRecovery">) {
  const recovery = await findRecovery(ctx, ctx.tenantId, input.pathParams.id!);
  if (recovery.action !== "DownloadFilesAndFolders") throw invalid(`recovery ${input.pathParams.id} is a ${recovery.action} recovery; it has no files to download`);
  const task = recovery.taskId === null ? null : await ctx.db.dataTask.findUnique({ where: { id: recovery.taskId } });
  if (!task?.contentPath || recovery.status !== "Succeeded") throw conflict(`recovery ${input.pathParams.id} is ${recovery.status}; its files can be downloaded once it Succeeded`);
  const q = input.query;
  const size = Number(task.contentBytes ?? 0n);
  const start = q.startOffset ?? 0;
  if (start > size) throw invalidField(`startOffset`, `${start} is beyond the end of the download (${size} bytes)`, "query");
  const end = q.length !== undefined ? Math.min(size, start + q.length) : size;
  const body = end > start ? createReadStream(task.contentPath, { start, end: end - 1 }) : new PassThrough().end();
  return new BinaryResult(body, "application/zip", `${recovery.name.replace(/[^A-Za-z0-9._-]/g, "_")}.zip`);
}

export async function downloadIndexedFile(ctx: RequestContext, input: OperationRequest<"downloadIndexedFile">) {
  const q = input.query;
  if (!q.filePath?.startsWith("/")) throw invalidField("filePath", "the absolute path of a file in the snapshot is required", "query");
  const snapshot = await findTenantSnapshot(ctx, ctx.tenantId, input.pathParams.snapshotsId!);
  if (snapshot.indexingStatus === "kDone") {
    // The file index answers "no such file" without waking the agent.
    const entry = await ctx.db.indexedFile.findFirst({ where: { snapshotId: snapshot.id, path: q.filePath }, select: { type: true } });
    if (!entry) throw notFound(`file ${JSON.stringify(q.filePath)} in snapshot`, snapshot.id);
    if (entry.type !== "file") throw invalidField(`filePath`, `${q.filePath} is a ${entry.type === "dir" ? "folder" : entry.type}; download folders with CreateDownloadFilesAndFoldersRecovery`, "query");
  }
  const { connectorId } = await agentOfObject(ctx, ctx.tenantId, snapshot.objectId);
  // waiterUrl: another engine process that receives the agent's upload relays it to this one.
  const task = await ctx.db.$transaction(async (tx) => {
    const t = await createTask(
      ctx,
      {
        tenantId: ctx.tenantId,
        connectorId,
        type: "content",
        snapshotId: snapshot.id,
        params: {
          snapshotId: snapshot.resticSnapshotId,
          paths: [q.filePath],
          format: "raw",
          ...(q.startOffset !== undefined ? { startOffset: q.startOffset } : {}),
          ...(q.length !== undefined ? { length: q.length } : {}),
        },
      },
      tx,
    );
    return ctx.self.url ? tx.dataTask.update({ where: { id: t.id }, data: { waiterUrl: ctx.self.url } }) : t;
  });
  ctx.notifier.notify(connectorId);
  const body = await agentContent(ctx, task);
  return new BinaryResult(body, "application/octet-stream", path.posix.basename(q.filePath));
}

/** How long a download whose upload broke before its first byte waits for the agent's reason. */
const REASON_WAIT_MS = 15_000;

/**
 * The agent's upload of a raw content task as a response body. Resolves once its first byte (or
 * its end, for an empty file) arrived, so everything that goes wrong before — no such file, a range
 * past the end, damaged repository data, an agent that died — is still an error status with the
 * agent's reason, not a 200 with a cut body. Every stream here has an owner: `out` keeps an error
 * listener (its errors after the answer started end that one response, logged, never the process),
 * and a client that goes away cancels the agent's task rather than leaving it streaming into nothing.
 */
async function agentContent(ctx: RequestContext, task: DataTask): Promise<PassThrough> {
  const out = new PassThrough();
  out.on("error", (error) => ctx.log.warn({ taskId: task.id.toString(), err: error }, "single-file download ended early"));
  let answered = false;
  out.once("close", () => {
    // Destroyed before its end without an error: the response was closed, the client went away (an
    // upload that broke destroys `out` with its error instead).
    if (answered && !out.readableEnded && !out.errored) void cancelTask(ctx, task, "the client of this download went away").catch(() => undefined);
  });
  let timer: NodeJS.Timeout | undefined;
  const started = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the agent sent no byte of the file within ${FIRST_BYTE_TIMEOUT_MS / 1000} s`)), FIRST_BYTE_TIMEOUT_MS);
    ctx.events
      .awaitContent(task.id, async (upload) => {
        const first = new Transform({
          transform(chunk, _encoding, done) {
            resolve();
            done(null, chunk);
          },
          flush(done) {
            resolve();
            done();
          },
        });
        try {
          await pipeline(upload, first, out);
        } catch (error) {
          // The agent's PUT gets this answer (when its connection still stands).
          const clientGone = answered && !out.errored;
          // Ended here before the agent hears 409: its failure report ("PUT … → 409") would
          // otherwise race the close handler's cancel and could become the task's message.
          if (clientGone) await cancelTask(ctx, task, "the client of this download went away").catch(() => undefined);
          throw new EngineError("Conflict", clientGone ? "the client of this download went away" : `the upload broke off: ${(error as Error).message}`);
        }
      }, CONTENT_START_TIMEOUT_MS)
      .catch((error: Error) => reject(error));
  });
  try {
    await started;
  } catch (error) {
    out.destroy();
    const reason = await reasonOf(ctx, task.id, error as Error);
    // Nobody waits for the task any more (a timeout leaves it running on the agent).
    await cancelTask(ctx, task, reason.message).catch(() => undefined);
    throw reason;
  } finally {
    clearTimeout(timer);
  }
  answered = true;
  return out;
}

/** The clearest reason a content task failed: the agent's own message when it reported one. */
async function reasonOf(ctx: RequestContext, taskId: bigint, error: Error): Promise<EngineError> {
  let message = error.message;
  // A broken upload says little ("aborted"); the agent's result (to any engine process) says why.
  const deadline = Date.now() + REASON_WAIT_MS;
  while (error instanceof EngineError && Date.now() < deadline) {
    const row = await ctx.db.dataTask.findUnique({ where: { id: taskId }, select: { status: true, message: true } }).catch(() => null);
    if (row && TERMINAL.includes(row.status)) {
      if (row.message) message = row.message;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (/not found|no such file|is not in snapshot/i.test(message) && !/<data\/|pack/i.test(message)) return new EngineError("NotFound", `filePath: ${message}`);
  if (/beyond the end|is a folder|is a dir/i.test(message)) return invalidField("filePath", message, "query");
  return new EngineError("ServiceUnavailable", `the file could not be read from the snapshot: ${message}`);
}
