"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button, ErrorState, PageHeader, Skeleton } from "@lifeboat/ui";
import { AdminOnly } from "@/components/admin-only.tsx";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { PolicyEditor } from "./policy-editor.tsx";

const Back = () => (
  <Button variant="ghost" size="sm" asChild>
    <Link href="/policies">
      <ArrowLeft className="h-4 w-4" aria-hidden /> All policies
    </Link>
  </Button>
);

/** /policies/new and /policies/[id]: the editor, loading the policy first when editing. */
export function PolicyPageView({ id }: { id: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const policy = useQuery({ ...trpc.policy.get.queryOptions({ id: id ?? "" }), enabled: id !== null });
  if (id === null) {
    return (
      <>
        <PageHeader title="New policy" description="Choose when backups run and how long they are kept; the preview shows the result." actions={<Back />} />
        {canEdit ? <PolicyEditor canEdit onSaved={(p) => router.push(`/policies/${encodeURIComponent(p.id ?? "")}`)} /> : <AdminOnly />}
      </>
    );
  }
  return (
    <>
      <PageHeader title={policy.data?.name ?? "Policy"} description={policy.data?.description ?? "Schedule, retention and options of this policy."} actions={<Back />} />
      {policy.isPending ? <Skeleton className="h-96 w-full" /> : null}
      {policy.isError ? (
        <ErrorState message={errorMessage(policy.error, "Could not load the policy")} action={<Button variant="secondary" onClick={() => void policy.refetch()}>Try again</Button>} />
      ) : null}
      {policy.data ? <PolicyEditor key={String(policy.data.lastModificationTimeUsecs ?? policy.data.id)} policy={policy.data} canEdit={canEdit} /> : null}
    </>
  );
}
