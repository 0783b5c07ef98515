import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsView } from "@/components/runs/runs-view.tsx";

export const metadata: Metadata = { title: "Runs" };

export default function Page() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <RunsView />
    </Suspense>
  );
}
