import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/area-placeholder.tsx";

export const metadata: Metadata = { title: "Policies" };

export default function Page() {
  return <AreaPlaceholder slug="policies" />;
}
