import type { Metadata } from "next";
import { RunsView } from "@/components/runs/runs-view.tsx";

export const metadata: Metadata = { title: "Runs" };

export default function Page() {
  // The list keeps its filters in the URL (nuqs): the (app) loading.tsx is its Suspense boundary.
  return <RunsView />;
}
