import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SourceDetail } from "@/components/sources/source-detail.tsx";

export const metadata: Metadata = { title: "Source" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Registration ids are int64 (§Q 15); the BFF validates the range.
  if (!/^\d{1,18}$/.test(id)) notFound();
  return <SourceDetail id={Number(id)} />;
}
