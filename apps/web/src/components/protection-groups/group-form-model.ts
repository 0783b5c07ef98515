// The protection-group form (file-based kPhysical groups, §R / §M.3) and its request body. The
// upstream PUT is a full replacement (§Q 20): fields the form does not edit are carried over.
import type { ProtectionGroupRequest } from "@lifeboat/contracts";
import { z } from "zod";
import type { RouterOutputs } from "@/trpc/types.ts";

export type GroupDetail = RouterOutputs["protectionGroup"]["get"];

const ABSOLUTE = /^(\/|[A-Za-z]:\\)/;
const pathLines = (what: string, required: boolean) =>
  z.string().max(20_000).superRefine((text, ctx) => {
    const lines = splitPaths(text);
    if (required && lines.length === 0) ctx.addIssue({ code: "custom", message: `Add at least one ${what}, e.g. / or /home` });
    const bad = lines.find((l) => !ABSOLUTE.test(l));
    if (bad) ctx.addIssue({ code: "custom", message: `"${bad}" is not an absolute path (start with / or C:\\)` });
    if (lines.length > 200) ctx.addIssue({ code: "custom", message: "At most 200 paths" });
  });

export const groupFormSchema = z.object({
  name: z.string().trim().min(1, "Name the group, e.g. web servers").max(200, "At most 200 characters"),
  description: z.string().max(1000, "At most 1000 characters"),
  policyId: z.string().min(1, "Choose the policy this group follows"),
  objectIds: z.array(z.number()).min(1, "Choose at least one host"),
  includePaths: pathLines("path to back up", true),
  excludePaths: pathLines("path", false),
  isPaused: z.boolean(),
});
export type GroupFormValues = z.infer<typeof groupFormSchema>;

export const EMPTY_GROUP_FORM: GroupFormValues = { name: "", description: "", policyId: "", objectIds: [], includePaths: "/", excludePaths: "", isPaused: false };

export function splitPaths(text: string): string[] {
  return [...new Set(text.split("\n").map((l) => l.trim()).filter(Boolean))];
}

export function fromGroup(g: GroupDetail): GroupFormValues {
  const objects = g.physicalParams?.fileProtectionTypeParams?.objects ?? [];
  const first = objects[0]?.filePaths ?? [];
  return {
    name: g.name ?? "",
    description: g.description ?? "",
    policyId: g.policyId ?? "",
    objectIds: objects.map((o) => Number(o.id)),
    includePaths: first.map((p) => p.includedPath).join("\n"),
    excludePaths: [...new Set(first.flatMap((p) => p.excludedPaths ?? []))].join("\n"),
    isPaused: g.isPaused ?? false,
  };
}

const CARRIED = ["priority", "startTime", "endTimeUsecs", "alertPolicy", "sla", "qosPolicy", "abortInBlackouts", "pauseInBlackouts", "advancedConfigs", "lastModifiedTimestampUsecs"] as const;

export function toGroupRequest(v: GroupFormValues, base?: GroupDetail | null): ProtectionGroupRequest {
  const include = splitPaths(v.includePaths);
  const exclude = splitPaths(v.excludePaths);
  const carried: Record<string, unknown> = {};
  for (const key of CARRIED) if (base?.[key] !== undefined) carried[key] = base[key];
  const description = v.description.trim();
  return {
    ...carried,
    name: v.name.trim(),
    ...(description ? { description } : {}),
    policyId: v.policyId,
    environment: "kPhysical",
    isPaused: v.isPaused,
    physicalParams: {
      protectionType: "kFile",
      fileProtectionTypeParams: {
        objects: v.objectIds.map((id) => ({
          id,
          filePaths: include.map((includedPath) => ({ includedPath, ...(exclude.length ? { excludedPaths: exclude } : {}) })),
        })),
      },
    },
  } as ProtectionGroupRequest;
}
