import type { Metadata } from "next";
import { NewGroupView } from "@/components/protection-groups/new-group-view.tsx";

export const metadata: Metadata = { title: "New protection group" };

export default function Page() {
  return <NewGroupView />;
}
