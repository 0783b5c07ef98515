import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/area-placeholder.tsx";

export const metadata: Metadata = { title: "Protection groups" };

export default function Page() {
  return <AreaPlaceholder slug="protection-groups" />;
}
