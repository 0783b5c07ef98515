import type { Metadata } from "next";
import { RestoreWizard } from "@/components/recoveries/restore-wizard.tsx";

export const metadata: Metadata = { title: "Restore files" };

export default async function Page({ searchParams }: { searchParams: Promise<{ objectId?: string; snapshotId?: string }> }) {
  const { objectId, snapshotId } = await searchParams;
  const id = objectId && /^\d{1,18}$/.test(objectId) ? Number(objectId) : null;
  return <RestoreWizard initialObjectId={id} initialSnapshotId={snapshotId?.slice(0, 200) ?? null} />;
}
