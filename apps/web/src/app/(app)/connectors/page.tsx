import type { Metadata } from "next";
import { ConnectorsView } from "@/components/connectors/connectors-view.tsx";

export const metadata: Metadata = { title: "Connectors" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { connectionId, status } = await searchParams;
  return (
    <ConnectorsView
      connectionId={typeof connectionId === "string" && /^\d+$/.test(connectionId) ? connectionId : undefined}
      status={status === "connected" || status === "disconnected" ? status : undefined}
    />
  );
}
