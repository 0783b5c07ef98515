import type { Metadata } from "next";
import { SourcesView } from "@/components/sources/sources-view.tsx";

export const metadata: Metadata = { title: "Sources" };

export default function Page() {
  return <SourcesView />;
}
