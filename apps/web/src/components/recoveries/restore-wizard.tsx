"use client";
// The restore wizard: 1 find what to restore (file search or host + restore point) → 2 tick files
// and folders in the snapshot browser → 3 choose where they go (or a zip). Single files download
// directly from step 2 through a BFF ticket and the streaming /api/download route.
import { Button, Card, PageHeader, toast, cn } from "@lifeboat/ui";
import type { SnapshotFolderEntry } from "@lifeboat/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC, useTRPCClient } from "@/trpc/react.tsx";
import { AdminOrOperatorOnly } from "./operator-only.tsx";
import { DestinationStep, formFieldOf } from "./destination-step.tsx";
import { FileVersionsDialog } from "./file-versions-dialog.tsx";
import { FindStep, SnapshotTimeline, type Picked } from "./find-step.tsx";
import { fromSnapshotFolder } from "./index-entries.ts";
import { recoveryHref } from "./recoveries-view.tsx";
import { startBrowserDownload } from "./recovery-detail-view.tsx";
import { defaultRestoreForm, toDownloadRequest, toRecoveryRequest, type RestoreForm } from "./restore-form.ts";
import { SelectionSummaryBar, SnapshotBrowser } from "./snapshot-browser.tsx";
import { EMPTY_SELECTION, ancestorsOf, normalizePath, toFilesAndFolders, toggle, type BrowserEntry, type Selection } from "./snapshot-selection.ts";
import { useCanOperate } from "@/components/common/use-can-operate.ts";
import { LocalTime } from "@/components/common/local-time.tsx";
import { usecsToDateOrNull } from "@/lib/format.ts";

const STEPS = ["Find", "Select files", "Destination"] as const;
/** Entries per `recovery.browse` page: its maximum (SNAPSHOT_FOLDER_MAX_PAGE of @lifeboat/contracts, not
 * imported at run time here: that would put every contract schema into the browser bundle). */
const FOLDER_PAGE = 1000;

function Steps({ current }: { current: number }) {
  return (
    <ol className="mb-6 flex flex-wrap gap-2 text-sm" aria-label="Steps">
      {STEPS.map((s, i) => (
        <li key={s} aria-current={i === current ? "step" : undefined} className={cn("rounded-full border px-3 py-1", i === current ? "border-primary bg-primary text-primary-foreground" : i < current ? "border-primary text-primary" : "border-border text-muted-foreground")}>
          {i + 1}. {s}
        </li>
      ))}
    </ol>
  );
}

export interface RestoreWizardStepsProps {
  initialObjectId: number | null;
  initialSnapshotId: string | null;
  onCreated: (recoveryId: string) => void;
}

export function RestoreWizardSteps({ initialObjectId, initialSnapshotId, onCreated }: RestoreWizardStepsProps) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [picked, setPicked] = useState<Picked | null>(initialObjectId === null ? null : { objectId: initialObjectId, objectName: `host #${initialObjectId}`, snapshotId: initialSnapshotId });
  const [snapshotId, setSnapshotId] = useState<string | null>(initialSnapshotId);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [step, setStep] = useState(initialObjectId === null ? 0 : 1);
  const [versionsOf, setVersionsOf] = useState<BrowserEntry | null>(null);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [defaults] = useState(() => defaultRestoreForm());
  const [serverFieldErrors, setServerFieldErrors] = useState<Record<string, string>>({});

  const onError = (e: unknown) => {
    const mapped: Record<string, string> = {};
    for (const [path, message] of Object.entries(fieldErrorsOf(e))) {
      const field = formFieldOf(path);
      if (field) mapped[field] = message;
    }
    setServerFieldErrors(mapped);
  };
  const created = (r: { id?: string | undefined; name?: string | undefined }) => {
    toast.success(`Recovery “${r.name ?? ""}” started`);
    if (r.id) onCreated(r.id);
  };
  const create = useMutation(trpc.recovery.create.mutationOptions({ onSuccess: created, onError }));
  const createDownload = useMutation(trpc.recovery.createDownload.mutationOptions({ onSuccess: created, onError }));
  const downloadFile = useMutation(
    trpc.recovery.downloadFile.mutationOptions({
      onSuccess: (t) => startBrowserDownload(t.url, t.fileName),
      onError: (e) => toast.error(errorMessage(e, "Could not start the download")),
    }),
  );

  const loadFolder = async (path: string) => {
    if (!picked || !snapshotId) return [];
    // One folder level of this restore point from the engine's index, every page (of 1000, by name).
    const folder = normalizePath(path);
    const items: SnapshotFolderEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.recovery.browse.query({ objectId: picked.objectId, snapshotId, path: folder, limit: FOLDER_PAGE, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return fromSnapshotFolder(folder, items);
  };

  // A searched file stays ticked on another restore point (its path is asked of that snapshot), but
  // without the size of the version the search found: the summary shows only what this point holds.
  const preselected = (p: Picked | null, sameVersion: boolean) => {
    if (!p?.preselect) return EMPTY_SELECTION;
    const { sizeBytes: _size, ...bare } = p.preselect;
    return toggle(EMPTY_SELECTION, sameVersion ? p.preselect : bare, () => undefined);
  };
  const choosePoint = (id: string) => {
    if (id === snapshotId) return;
    setSnapshotId(id);
    setSelection(preselected(picked, id === picked?.snapshotId));
  };
  const snapshots = useQuery(trpc.object.snapshots.queryOptions({ id: picked?.objectId ?? 0 }, { enabled: picked !== null }));
  const point = snapshots.data?.items.find((s) => s.id === snapshotId);
  const pointTime = usecsToDateOrNull(point?.snapshotTimestampUsecs);
  const pointLabel = pointTime ? <>from the restore point of <LocalTime value={pointTime} /></> : snapshotId ? <>from restore point {snapshotId}</> : null;
  // The versions dialog: restore one version = that restore point with only this file ticked.
  const restoreVersion = (version: string, entry: BrowserEntry) => {
    setSnapshotId(version);
    setSelection(toggle(EMPTY_SELECTION, entry, () => undefined));
    setVersionsOf(null);
    toast.info(`${entry.name}: the version of this restore point is selected`);
  };
  const pick = (p: Picked) => {
    setPicked(p);
    setSnapshotId(p.snapshotId);
    setSelection(preselected(p, true));
    setStep(1);
  };
  // A file found by search opens with its folders expanded, so it is in view and ticked.
  const openFolders = picked?.preselect ? ancestorsOf(picked.preselect.path) : [];
  const submit = (form: RestoreForm) => {
    if (!picked || !snapshotId) return;
    setServerFieldErrors({});
    const source = { snapshotId, objectId: picked.objectId };
    const items = toFilesAndFolders(selection);
    if (form.mode === "download") createDownload.mutate({ request: toDownloadRequest(form, source, items), idempotencyKey });
    else create.mutate({ recovery: toRecoveryRequest(form, source, items), idempotencyKey });
  };
  const failure = create.error ?? createDownload.error;

  return (
    <>
      <Steps current={step} />
      {step === 0 ? <FindStep onPick={pick} /> : null}
      {step === 1 && picked ? (
        <div className="grid gap-6 xl:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
          <Card className="p-4">
            <h2 className="mb-1 text-sm font-semibold">Restore point of {picked.objectName}</h2>
            <p className="mb-3 text-xs text-muted-foreground">Each dot is a snapshot. Pick the newest one taken before the file was lost or changed.</p>
            {/* The newest restore point is chosen for the user (the search shows the newest version); another
                one keeps a searched file ticked, since the same path is asked of that snapshot. */}
            <SnapshotTimeline objectId={picked.objectId} selected={snapshotId} autoSelectNewest onSelect={choosePoint} />
          </Card>
          <Card className="flex flex-col gap-3 p-4">
            <h2 className="text-sm font-semibold">Files and folders</h2>
            {snapshotId ? (
              <SnapshotBrowser
                browseKey={`${picked.objectId}:${snapshotId}`}
                initiallyOpen={openFolders}
                loadFolder={loadFolder}
                selection={selection}
                onSelectionChange={setSelection}
                onShowVersions={setVersionsOf}
                onDownloadFile={(e) => downloadFile.mutate({ snapshotId, filePath: e.path })}
              />
            ) : (
              <p className="text-sm text-muted-foreground">Choose a restore point to see its files.</p>
            )}
            <SelectionSummaryBar selection={selection} restorePoint={pointLabel} onClear={() => setSelection(EMPTY_SELECTION)} />
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setStep(0)}>
                Back
              </Button>
              <Button disabled={selection.size === 0 || !snapshotId} onClick={() => setStep(2)}>
                Next: destination
              </Button>
            </div>
          </Card>
          <FileVersionsDialog
            objectId={picked.objectId}
            entry={versionsOf}
            onClose={() => setVersionsOf(null)}
            onRestore={restoreVersion}
            onDownload={(version, entry) => downloadFile.mutate({ snapshotId: version, filePath: entry.path })}
          />
        </div>
      ) : null}
      {step === 2 && picked ? (
        <DestinationStep
          defaults={defaults}
          originalHostName={picked.objectName}
          pending={create.isPending || createDownload.isPending}
          serverError={failure ? errorMessage(failure) : null}
          serverFieldErrors={serverFieldErrors}
          onBack={() => setStep(1)}
          onSubmit={submit}
        />
      ) : null}
    </>
  );
}

export function RestoreWizard(props: Omit<RestoreWizardStepsProps, "onCreated">) {
  const router = useRouter();
  const canOperate = useCanOperate();
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => router.push("/recoveries")}>
        <ArrowLeft className="h-4 w-4" aria-hidden /> All recoveries
      </Button>
      <div className="mt-2">
        <PageHeader title="Restore files" description="Find the files, pick what to bring back, and choose where it goes. Nothing is overwritten unless you ask for it." />
      </div>
      {canOperate ? <RestoreWizardSteps {...props} onCreated={(id) => router.push(recoveryHref(id))} /> : <AdminOrOperatorOnly />}
    </>
  );
}
