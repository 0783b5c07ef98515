// Recovery downloads (§6): the procedures only decide *whether* the caller may download and sign a
// short-lived ticket; apps/web's download route redeems it and streams the bytes
// (services/download-ticket.ts). Nothing is read from the upstream here.
import { operations } from "@lifeboat/contracts";
import { z } from "zod";
import { areaProcedure, auditTargets } from "../../services/area-procedure.ts";
import { issueDownloadTicket } from "../../services/download-ticket.ts";
import { RecoveryIdSchema, SnapshotIdSchema } from "../../services/ids.ts";
import { restOf } from "../../openapi/meta.ts";
import { IssuedTicketSchema } from "../../services/outputs.ts";

const rest = restOf("recovery");

const FilesQuerySchema = operations.downloadFilesFromRecovery.query.pick({ fileType: true, sourceName: true, startTime: true });

/** Files of a finished download-files recovery (createDownload), as one archive. */
export const download = areaProcedure("recovery.download")
  .meta(rest("POST", "/recoveries/{id}/download-ticket", "A short-lived link to download a finished download-files recovery"))
  .input(z.object({ id: RecoveryIdSchema, query: FilesQuerySchema.optional() }))
  .output(IssuedTicketSchema)
  .mutation(async ({ ctx, input }) => {
    // Checked now so a wrong id fails here, on the page, not later in the browser's download.
    await ctx.upstream.getRecoveryByID({ pathParams: { id: input.id } }, ctx.call);
    auditTargets(ctx.audit, input.id);
    const query = {
      ...(input.query?.fileType ? { fileType: input.query.fileType.slice(0, 100) } : {}),
      ...(input.query?.sourceName ? { sourceName: input.query.sourceName.slice(0, 1000) } : {}),
      ...(input.query?.startTime ? { startTime: input.query.startTime.slice(0, 100) } : {}),
    };
    return issueDownloadTicket({ userId: ctx.user.id, workspaceId: ctx.workspace.id }, { kind: "recoveryFiles", recoveryId: input.id, query });
  });

/** One file straight from an indexed snapshot (§Q 7: `snapshotsId`). */
export const downloadFile = areaProcedure("recovery.downloadFile")
  .meta(rest("POST", "/snapshots/file-download-ticket", "A short-lived link to download one file of an indexed snapshot"))
  .input(z.object({ snapshotId: SnapshotIdSchema, filePath: z.string().min(1).max(4096) }))
  .output(IssuedTicketSchema)
  .mutation(({ ctx, input }) => {
    auditTargets(ctx.audit, input.snapshotId);
    return issueDownloadTicket(
      { userId: ctx.user.id, workspaceId: ctx.workspace.id },
      { kind: "indexedFile", snapshotsId: input.snapshotId, filePath: input.filePath },
    );
  });
