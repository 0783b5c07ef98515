import type { Metadata } from "next";
import { RecoveriesView } from "@/components/recoveries/recoveries-view.tsx";

export const metadata: Metadata = { title: "Recoveries" };

export default function Page() {
  // The list keeps its filters in the URL (nuqs): the (app) loading.tsx is its Suspense boundary.
  return <RecoveriesView />;
}
