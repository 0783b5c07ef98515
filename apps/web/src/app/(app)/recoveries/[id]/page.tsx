import type { Metadata } from "next";
import { RecoveryDetailView } from "@/components/recoveries/recovery-detail-view.tsx";

export const metadata: Metadata = { title: "Recovery" };

// Recovery ids are colon-formatted (§0.4) and arrive URL-encoded.
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RecoveryDetailView id={decodeURIComponent(id)} />;
}
