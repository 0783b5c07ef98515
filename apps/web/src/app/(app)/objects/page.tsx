import type { Metadata } from "next";
import { ObjectsView } from "@/components/objects/objects-view.tsx";

export const metadata: Metadata = { title: "Objects" };

export default function Page() {
  return <ObjectsView />;
}
