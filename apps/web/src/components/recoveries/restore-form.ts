// The restore wizard's last step: where the selected files go. Validated as the user types
// (react-hook-form + zod) and turned into the upstream request bodies of §6 (CreateRecovery with
// physicalParams.recoverFileAndFolderParams, or CreateDownloadFilesAndFoldersRecovery), minimal
// bodies per §R.
import type { RouterInputs } from "@/trpc/types.ts";
import { z } from "zod";

const absolutePath = z
  .string()
  .trim()
  .max(4096, "Keep the folder path under 4096 characters")
  .refine((p) => p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p), "Enter an absolute folder path, like /srv/restore or C:\\restore");

export const RestoreFormSchema = z
  .object({
    mode: z.enum(["restore", "download"]),
    name: z.string().trim().min(1, "Give the recovery a name").max(200, "Keep the name under 200 characters"),
    target: z.enum(["original", "alternate"]),
    /** Host object id (int64 as a string, §Q 15) of the alternate host. */
    targetHostId: z.string(),
    alternatePath: z.string(),
    overwriteExisting: z.boolean(),
    preserveAttributes: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.mode !== "restore" || v.target !== "alternate") return;
    if (!/^\d+$/.test(v.targetHostId)) ctx.addIssue({ code: "custom", path: ["targetHostId"], message: "Choose the host to restore to" });
    if (!v.alternatePath.trim()) {
      ctx.addIssue({ code: "custom", path: ["alternatePath"], message: "Enter the folder to restore into (required when not restoring to the original place)" });
    } else {
      const parsed = absolutePath.safeParse(v.alternatePath);
      if (!parsed.success) ctx.addIssue({ code: "custom", path: ["alternatePath"], message: parsed.error.issues[0]?.message ?? "Invalid path" });
    }
  });
export type RestoreForm = z.infer<typeof RestoreFormSchema>;

export function defaultRestoreForm(now = new Date()): RestoreForm {
  const stamp = now.toISOString().slice(0, 19).replace("T", " ");
  return {
    mode: "restore",
    name: `Restore ${stamp}`,
    target: "original",
    targetHostId: "",
    alternatePath: "",
    overwriteExisting: false,
    preserveAttributes: true,
  };
}

export interface RestoreSource {
  snapshotId: string;
  /** The host object the snapshot is of (the original place). */
  objectId: number;
}

type Item = { absolutePath: string; isDirectory: boolean };

/** CreateRecovery body (kPhysical, RecoverFiles) — see §R "Restore files to original host". */
export function toRecoveryRequest(form: RestoreForm, source: RestoreSource, items: Item[]): RouterInputs["recovery"]["create"]["recovery"] {
  const original = form.target === "original";
  return {
    name: form.name.trim(),
    snapshotEnvironment: "kPhysical",
    physicalParams: {
      objects: [{ snapshotId: source.snapshotId }],
      recoveryAction: "RecoverFiles",
      recoverFileAndFolderParams: {
        targetEnvironment: "kPhysical",
        filesAndFolders: items,
        physicalTargetParams: {
          recoverTarget: { id: original ? source.objectId : Number(form.targetHostId) },
          restoreToOriginalPaths: original,
          ...(original ? {} : { alternateRestoreDirectory: form.alternatePath.trim() }),
          overwriteExisting: form.overwriteExisting,
          preserveAttributes: form.preserveAttributes,
        },
      },
    },
  } as RouterInputs["recovery"]["create"]["recovery"];
}

/** CreateDownloadFilesAndFoldersRecovery body — see §R "Download files". */
export function toDownloadRequest(form: RestoreForm, source: RestoreSource, items: Item[]): RouterInputs["recovery"]["createDownload"]["request"] {
  return { name: form.name.trim(), object: { snapshotId: source.snapshotId }, filesAndFolders: items };
}
