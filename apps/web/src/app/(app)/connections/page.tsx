import type { Metadata } from "next";
import { ConnectionsView } from "@/components/connections/connections-view.tsx";

export const metadata: Metadata = { title: "Connections" };

export default function Page() {
  return <ConnectionsView />;
}
