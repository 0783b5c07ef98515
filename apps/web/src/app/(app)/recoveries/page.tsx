import type { Metadata } from "next";
import { RecoveriesView } from "@/components/recoveries/recoveries-view.tsx";

export const metadata: Metadata = { title: "Recoveries" };

export default function Page() {
  return <RecoveriesView />;
}
