import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/area-placeholder.tsx";

export const metadata: Metadata = { title: "Data-source connections" };

export default function Page() {
  return <AreaPlaceholder slug="connections" />;
}
