import type { Metadata } from "next";
import { GroupDetail } from "@/components/protection-groups/group-detail.tsx";

export const metadata: Metadata = { title: "Protection group" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <GroupDetail id={decodeURIComponent(id)} />;
}
