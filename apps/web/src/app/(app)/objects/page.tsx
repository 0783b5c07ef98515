import type { Metadata } from "next";
import { ObjectsView } from "@/components/objects/objects-view.tsx";

export const metadata: Metadata = { title: "Objects" };

export default function Page() {
  // The list keeps its filters in the URL (nuqs): the (app) loading.tsx is its Suspense boundary.
  return <ObjectsView />;
}
