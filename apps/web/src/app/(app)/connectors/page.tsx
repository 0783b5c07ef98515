import type { Metadata } from "next";
import { ConnectorsView } from "@/components/connectors/connectors-view.tsx";

export const metadata: Metadata = { title: "Connectors" };

export default function Page() {
  return <ConnectorsView />;
}
