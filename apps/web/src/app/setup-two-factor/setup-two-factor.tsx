"use client";
import { Button } from "@lifeboat/ui";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { TwoFactorCard } from "@/components/settings/two-factor-card.tsx";

export function SetupTwoFactor() {
  const router = useRouter();
  return (
    <>
      <TwoFactorCard
        onDone={() => {
          router.replace("/dashboard");
          router.refresh();
        }}
      />
      <div className="text-center">
        <Button variant="ghost" onClick={() => void signOut({ callbackUrl: "/signin" })}>
          Sign out
        </Button>
      </div>
    </>
  );
}
