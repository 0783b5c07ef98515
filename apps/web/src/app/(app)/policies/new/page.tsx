import type { Metadata } from "next";
import { PolicyPageView } from "@/components/policies/policy-page-view.tsx";

export const metadata: Metadata = { title: "New policy" };

export default function Page() {
  return <PolicyPageView id={null} />;
}
