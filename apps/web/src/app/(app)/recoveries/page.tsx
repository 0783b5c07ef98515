import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/area-placeholder.tsx";

export const metadata: Metadata = { title: "Recoveries" };

export default function Page() {
  return <AreaPlaceholder slug="recoveries" />;
}
