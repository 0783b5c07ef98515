import { describe, expect, it } from "vitest";
import { RestoreFormSchema, defaultRestoreForm, toDownloadRequest, toRecoveryRequest } from "./restore-form.ts";

const base = defaultRestoreForm(new Date("2026-11-27T10:00:00Z"));
const errorsOf = (value: unknown) => {
  const r = RestoreFormSchema.safeParse(value);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("restore form", () => {
  it("restoring to the original place needs no host or folder", () => {
    expect(errorsOf(base)).toEqual({});
  });

  it("restoring elsewhere requires a host and an absolute folder, each named on its field", () => {
    expect(errorsOf({ ...base, target: "alternate" })).toEqual({
      targetHostId: "Choose the host to restore to",
      alternatePath: "Enter the folder to restore into (required when not restoring to the original place)",
    });
    expect(errorsOf({ ...base, target: "alternate", targetHostId: "12", alternatePath: "restore/here" }).alternatePath).toMatch(/absolute folder path/);
    expect(errorsOf({ ...base, target: "alternate", targetHostId: "12", alternatePath: "/srv/restore" })).toEqual({});
  });

  it("a download ignores the target fields but still needs a name", () => {
    expect(errorsOf({ ...base, mode: "download", target: "alternate" })).toEqual({});
    expect(errorsOf({ ...base, name: "  " }).name).toBe("Give the recovery a name");
  });

  it("builds the CreateRecovery body for an alternate host and folder", () => {
    const form = { ...base, target: "alternate" as const, targetHostId: "42", alternatePath: " /srv/restore ", overwriteExisting: true };
    const body = toRecoveryRequest(form, { snapshotId: "snap-1", objectId: 7 }, [{ absolutePath: "/etc/hosts", isDirectory: false }]);
    expect(body.physicalParams?.recoverFileAndFolderParams?.physicalTargetParams).toEqual({
      recoverTarget: { id: 42 },
      restoreToOriginalPaths: false,
      alternateRestoreDirectory: "/srv/restore",
      overwriteExisting: true,
      preserveAttributes: true,
    });
    expect(body.physicalParams?.objects).toEqual([{ snapshotId: "snap-1" }]);
  });

  it("restores to the snapshot's own host when the original place is chosen", () => {
    const body = toRecoveryRequest(base, { snapshotId: "s", objectId: 7 }, [{ absolutePath: "/etc", isDirectory: true }]);
    expect(body.physicalParams?.recoverFileAndFolderParams?.physicalTargetParams).toMatchObject({ recoverTarget: { id: 7 }, restoreToOriginalPaths: true });
    expect(toDownloadRequest(base, { snapshotId: "s", objectId: 7 }, [{ absolutePath: "/etc", isDirectory: true }])).toEqual({
      name: base.name,
      object: { snapshotId: "s" },
      filesAndFolders: [{ absolutePath: "/etc", isDirectory: true }],
    });
  });
});
