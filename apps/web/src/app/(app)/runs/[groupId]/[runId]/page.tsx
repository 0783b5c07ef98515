import type { Metadata } from "next";
import { RunDetailView } from "@/components/runs/run-detail-view.tsx";

export const metadata: Metadata = { title: "Run" };

// Group and run ids are colon-formatted (§0.4) and arrive URL-encoded.
export default async function Page({ params }: { params: Promise<{ groupId: string; runId: string }> }) {
  const { groupId, runId } = await params;
  return <RunDetailView groupId={decodeURIComponent(groupId)} runId={decodeURIComponent(runId)} />;
}
