import type { Metadata } from "next";
import { GroupsView } from "@/components/protection-groups/groups-view.tsx";

export const metadata: Metadata = { title: "Protection groups" };

export default function Page() {
  return <GroupsView />;
}
