// Downloads (§6, chunked by startOffset + length ≤ 8 MiB — §Q 6): a download recovery's zip from
// the engine's data dir, and one indexed file of a snapshot, streamed from the agent (a raw
// `content` task) straight into the HTTP response. Neither holds a whole file in memory.
import { createReadStream } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { conflict, EngineError, invalid, notFound } from "../../errors.ts";
import { BinaryResult, type OperationRequest, type RequestContext } from "../../context.ts";
import { createTask } from "../../tasks/dispatch.ts";
import { agentOfObject, findRecovery, findTenantSnapshot } from "./handlers.ts";

/** How long the engine waits for the agent to start streaming a file. */
const CONTENT_START_TIMEOUT_MS = 60_000;

export async function downloadFilesFromRecovery(ctx: RequestContext, input: OperationRequest) {
  const recovery = await findRecovery(ctx, ctx.tenantId, input.pathParams.id!);
  if (recovery.action !== "DownloadFilesAndFolders") throw invalid(`recovery ${input.pathParams.id} is a ${recovery.action} recovery; it has no files to download`);
  const task = recovery.taskId === null ? null : await ctx.db.dataTask.findUnique({ where: { id: recovery.taskId } });
  if (!task?.contentPath || recovery.status !== "Succeeded") throw conflict(`recovery ${input.pathParams.id} is ${recovery.status}; its files can be downloaded once it Succeeded`);
  const q = input.query as { startOffset?: number; length?: number };
  const size = Number(task.contentBytes ?? 0n);
  const start = q.startOffset ?? 0;
  if (start > size) throw invalid(`startOffset: ${start} is beyond the end of the download (${size} bytes)`);
  const end = q.length !== undefined ? Math.min(size, start + q.length) : size;
  const body = end > start ? createReadStream(task.contentPath, { start, end: end - 1 }) : new PassThrough().end();
  return new BinaryResult(body, "application/zip", `${recovery.name.replace(/[^A-Za-z0-9._-]/g, "_")}.zip`);
}

export async function downloadIndexedFile(ctx: RequestContext, input: OperationRequest) {
  const q = input.query as { filePath?: string; startOffset?: number; length?: number };
  if (!q.filePath?.startsWith("/")) throw invalid("filePath: the absolute path of a file in the snapshot is required");
  const snapshot = await findTenantSnapshot(ctx, ctx.tenantId, input.pathParams.snapshotsId!);
  if (snapshot.indexingStatus === "kDone") {
    // The file index answers "no such file" without waking the agent.
    const entry = await ctx.db.indexedFile.findFirst({ where: { snapshotId: snapshot.id, path: q.filePath }, select: { type: true } });
    if (!entry) throw notFound(`file ${JSON.stringify(q.filePath)} in snapshot`, snapshot.id);
    if (entry.type !== "file") throw invalid(`filePath: ${q.filePath} is a ${entry.type === "dir" ? "folder" : entry.type}; download folders with CreateDownloadFilesAndFoldersRecovery`);
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
  const out = new PassThrough();
  // Resolves when the agent starts uploading; rejects when the task fails first (no such file…).
  await new Promise<void>((started, failed) => {
    ctx.events
      .awaitContent(task.id, async (upload) => {
        started();
        await pipeline(upload, out);
      }, CONTENT_START_TIMEOUT_MS)
      .catch((e: Error) => {
        failed(e);
        out.destroy(e);
      });
  }).catch((e: Error) => {
    throw /not found|no such|does not exist|beyond the end|is a folder|is a dir/i.test(e.message)
      ? invalid(`filePath: ${e.message}`)
      : new EngineError("ServiceUnavailable", `the file could not be read from the snapshot: ${e.message}`);
  });
  return new BinaryResult(out, "application/octet-stream", path.posix.basename(q.filePath));
}
