import type { Metadata } from "next";
import { PolicyPageView } from "@/components/policies/policy-page-view.tsx";

export const metadata: Metadata = { title: "Policy" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PolicyPageView id={decodeURIComponent(id)} />;
}
