"use client";
import { Button, ErrorState } from "@lifeboat/ui";

/**
 * A server-side failure while rendering a signed-in page. Next passes only a digest to the
 * browser (never the server's message), which is what the logs can be searched for.
 */
export default function SignedInError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="This page could not be loaded"
      message={`The portal hit an error while preparing this page. Try again; if it keeps failing, an admin can look for ${
        error.digest ? `error ${error.digest}` : "the error"
      } in the portal logs.`}
      action={<Button onClick={reset}>Try again</Button>}
    />
  );
}
