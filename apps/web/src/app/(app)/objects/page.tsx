import type { Metadata } from "next";
import { Suspense } from "react";
import { ObjectsView } from "@/components/objects/objects-view.tsx";

export const metadata: Metadata = { title: "Objects" };

export default function Page() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ObjectsView />
    </Suspense>
  );
}
