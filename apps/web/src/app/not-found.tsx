import Link from "next/link";
import { Button, EmptyState } from "@lifeboat/ui";
import { FileQuestion } from "lucide-react";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg items-center px-4">
      <EmptyState icon={<FileQuestion />} title="Page not found" action={<Button asChild><Link href="/dashboard">Go to the dashboard</Link></Button>}>
        <p>The address may be mistyped, or the page moved. Check the link, or start again from the dashboard.</p>
      </EmptyState>
    </main>
  );
}
