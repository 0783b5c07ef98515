import type { Metadata } from "next";
import { Suspense } from "react";
import { AdminOnly } from "@/components/admin-only.tsx";
import { AuditView } from "@/components/settings/audit-view.tsx";
import { getAnyAdminShell } from "@/server/shell.ts";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  if (!(await getAnyAdminShell())) return <AdminOnly />;
  // The view keeps its filters and sort in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <AuditView />
    </Suspense>
  );
}
