import type { Metadata } from "next";
import { AgentsView } from "@/components/agents/agents-view.tsx";

export const metadata: Metadata = { title: "Agents" };

export default function Page() {
  return <AgentsView />;
}
