"use client";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button, PageHeader } from "@lifeboat/ui";
import { AdminOnly } from "@/components/admin-only.tsx";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { GroupForm } from "./group-form.tsx";

export function NewGroupView() {
  const router = useRouter();
  const isAdmin = useIsAdmin();
  const back = <Button variant="ghost" size="sm" asChild><Link href="/protection-groups"><ArrowLeft className="h-4 w-4" aria-hidden /> All groups</Link></Button>;
  return (
    <>
      <PageHeader title="New protection group" description="Choose hosts, the paths to back up and the policy that schedules them." actions={back} />
      {isAdmin ? <GroupForm onSaved={(g) => router.push(`/protection-groups/${encodeURIComponent(g.id ?? "")}`)} /> : <AdminOnly />}
    </>
  );
}
