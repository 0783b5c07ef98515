// Renders a zod error as one line naming each failing field path, e.g.
// `runs[0].id: expected a string, got 12; totalRuns: expected a number`.
import type { z } from "zod";

const MAX_ISSUES = 5;

export function formatIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path
      .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
      .join("");
    return `${path || "(root)"}: ${issue.message}`;
  });
  const more = error.issues.length - MAX_ISSUES;
  return more > 0 ? `${parts.join("; ")}; and ${more} more` : parts.join("; ");
}
