import { describe, expect, it } from "vitest";
import { EMPTY_GROUP_FORM, fromGroup, groupFormSchema, toGroupRequest } from "./group-form-model.ts";

describe("group form", () => {
  it("refuses relative paths and an empty host list, naming the path", () => {
    const result = groupFormSchema.safeParse({ ...EMPTY_GROUP_FORM, name: "g", policyId: "1:1:1", includePaths: "/data\netc" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ objectIds: "Choose at least one host", includePaths: '"etc" is not an absolute path (start with / or C:\\)' });
  });

  it("builds the file-based physical body (§R) and reads it back, carrying fields the form does not edit", () => {
    const values = { ...EMPTY_GROUP_FORM, name: " web ", policyId: "1:1:7", objectIds: [11, 12], includePaths: "/srv\n/etc\n/srv", excludePaths: "/srv/cache" };
    const body = toGroupRequest(values, { startTime: { hour: 22, minute: 0 }, lastModifiedTimestampUsecs: 5, id: "1:1:9", isActive: true } as never);
    expect(body).toEqual({
      startTime: { hour: 22, minute: 0 },
      lastModifiedTimestampUsecs: 5,
      name: "web",
      policyId: "1:1:7",
      environment: "kPhysical",
      isPaused: false,
      physicalParams: {
        protectionType: "kFile",
        fileProtectionTypeParams: {
          objects: [11, 12].map((id) => ({
            id,
            filePaths: [
              { includedPath: "/srv", excludedPaths: ["/srv/cache"] },
              { includedPath: "/etc", excludedPaths: ["/srv/cache"] },
            ],
          })),
        },
      },
    });
    expect(fromGroup(body as never)).toEqual({ ...values, name: "web", includePaths: "/srv\n/etc" });
  });
});
