"use client";
import { Button, ErrorState } from "@lifeboat/ui";
import { signOut } from "next-auth/react";

export function SessionInvalid() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md items-center px-4">
      <ErrorState
        title="Your session is no longer valid"
        message="This account was disabled or removed since you signed in. Sign out, then sign in again or ask an administrator."
        action={<Button onClick={() => void signOut({ callbackUrl: "/signin" })}>Sign out</Button>}
      />
    </main>
  );
}
