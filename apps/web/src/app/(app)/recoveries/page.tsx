import type { Metadata } from "next";
import { Suspense } from "react";
import { RecoveriesView } from "@/components/recoveries/recoveries-view.tsx";

export const metadata: Metadata = { title: "Recoveries" };

export default function Page() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <RecoveriesView />
    </Suspense>
  );
}
