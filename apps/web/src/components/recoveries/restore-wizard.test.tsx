// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc, type Answer, type Call } from "@/test-utils/fake-trpc.tsx";
import { RestoreWizardSteps } from "./restore-wizard.tsx";

afterEach(cleanup);

// Two restore points of host 7; readme.txt changed between them (recovery.browse answers per point).
const folders: Record<string, Record<string, object[]>> = {
  "snap-1": { "/": [{ name: "etc", type: "Directory" }, { name: "readme.txt", type: "File", sizeBytes: 2048 }] },
  "snap-0": { "/": [{ name: "etc", type: "Directory" }, { name: "readme.txt", type: "File", sizeBytes: 100 }] },
};

function answer(call: Call, create: (input: unknown) => Answer): Answer {
  const input = call.input as { snapshotId?: string; path?: string };
  switch (call.path) {
    case "object.snapshots":
      return {
        data: {
          items: [
            { id: "snap-1", snapshotTimestampUsecs: 1_790_000_000_000_000, indexingStatus: "Done", protectionGroupName: "Daily" },
            { id: "snap-0", snapshotTimestampUsecs: 1_789_000_000_000_000, indexingStatus: "Done", protectionGroupName: "Daily" },
          ],
        },
      };
    case "recovery.browse":
      return { data: { path: input.path, items: folders[input.snapshotId ?? ""]?.[input.path ?? ""] ?? [], nextCursor: null } };
    case "object.search":
      return { data: { items: [{ id: 12, name: "backup-host" }], nextCursor: null } };
    case "recovery.create":
      return create(call.input);
    default:
      return { error: { message: `unexpected ${call.path}`, data: { code: "NOT_FOUND" } } };
  }
}

function setup(create: (input: unknown) => Answer = () => ({ data: { id: "1:2:3", name: "r" } })) {
  const { calls, Wrapper } = fakeTrpc((call) => answer(call, create));
  const onCreated = vi.fn();
  render(<RestoreWizardSteps initialObjectId={7} initialSnapshotId="snap-1" onCreated={onCreated} />, { wrapper: Wrapper });
  return { calls, onCreated, user: userEvent.setup() };
}

async function selectReadmeAndContinue(user: ReturnType<typeof userEvent.setup>) {
  const next = screen.getByRole("button", { name: "Next: destination" }) as HTMLButtonElement;
  expect(next.disabled).toBe(true); // nothing ticked yet
  await user.click(await screen.findByLabelText("Select /readme.txt"));
  expect(next.disabled).toBe(false);
  await user.click(next);
}

describe("RestoreWizardSteps", () => {
  it("requires a host and an absolute folder when not restoring to the original place, then sends the restore", async () => {
    const { calls, onCreated, user } = setup();
    await selectReadmeAndContinue(user);
    await user.click(screen.getByLabelText(/Another host or folder/));
    await user.click(screen.getByRole("button", { name: "Start restore" }));
    expect(await screen.findByText("Choose the host to restore to")).toBeTruthy();
    expect(screen.getByText(/Enter the folder to restore into/)).toBeTruthy();
    expect(calls.some((c) => c.path === "recovery.create")).toBe(false);

    await user.selectOptions(await screen.findByLabelText("Host"), "12");
    await user.type(screen.getByLabelText("Restore into folder"), "srv");
    expect(await screen.findByText(/Enter an absolute folder path/)).toBeTruthy(); // validated while typing
    await user.clear(screen.getByLabelText("Restore into folder"));
    await user.type(screen.getByLabelText("Restore into folder"), "/srv/restore");
    await user.click(screen.getByRole("button", { name: "Start restore" }));

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith("1:2:3"));
    const sent = calls.find((c) => c.path === "recovery.create")?.input as { recovery: { physicalParams: { objects: unknown; recoverFileAndFolderParams: { filesAndFolders: unknown; physicalTargetParams: unknown } } } };
    expect(sent.recovery.physicalParams.objects).toEqual([{ snapshotId: "snap-1" }]);
    expect(sent.recovery.physicalParams.recoverFileAndFolderParams.filesAndFolders).toEqual([{ absolutePath: "/readme.txt", isDirectory: false }]);
    expect(sent.recovery.physicalParams.recoverFileAndFolderParams.physicalTargetParams).toMatchObject({
      recoverTarget: { id: 12 },
      restoreToOriginalPaths: false,
      alternateRestoreDirectory: "/srv/restore",
    });
  });

  it("shows the BFF's field error beside the field and its message above the buttons", async () => {
    const { user } = setup(() => ({
      error: {
        message: "Invalid input",
        data: { code: "BAD_REQUEST", fieldErrors: { formErrors: [], fieldErrors: { "recovery.physicalParams.recoverFileAndFolderParams.physicalTargetParams.alternateRestoreDirectory": ["Folder is not writable"] } } },
      },
    }));
    await selectReadmeAndContinue(user);
    await user.click(screen.getByLabelText(/Another host or folder/));
    await user.selectOptions(await screen.findByLabelText("Host"), "12");
    await user.type(screen.getByLabelText("Restore into folder"), "/srv/restore");
    await user.click(screen.getByRole("button", { name: "Start restore" }));
    expect(await screen.findByText("Folder is not writable")).toBeTruthy();
    expect(screen.getByText("The recovery was not started")).toBeTruthy();
  });

  it("lists the chosen restore point's folder; switching points clears the selection and the summary names the point", async () => {
    const { calls, user } = setup();
    await user.click(await screen.findByLabelText("Select /readme.txt"));
    expect(await screen.findByText("1 file selected")).toBeTruthy();
    expect(screen.getByText("2.0 KiB in files (folder sizes not counted)")).toBeTruthy();
    expect(screen.getByText(/from the restore point of/)).toBeTruthy();

    const radios = screen.getAllByRole("radio");
    await user.click(radios[1]!); // the older point (newest first)
    expect(await screen.findByText(/Nothing selected yet/)).toBeTruthy();
    await user.click(await screen.findByLabelText("Select /readme.txt"));
    expect(await screen.findByText("100 B in files (folder sizes not counted)")).toBeTruthy();
    const browsed = calls.filter((c) => c.path === "recovery.browse").map((c) => (c.input as { snapshotId: string }).snapshotId);
    expect(browsed).toEqual(["snap-1", "snap-0"]);
  });

  it("goes back from the destination to the selection without losing it", async () => {
    const { user } = setup();
    await selectReadmeAndContinue(user);
    await user.click(screen.getByRole("button", { name: "Back" }));
    expect(await screen.findByText("1 file selected")).toBeTruthy();
  });
});
