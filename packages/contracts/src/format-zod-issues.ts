// One readable line per failing field, e.g.
//   body.backupPolicy.regular.retention.unit: expected one of Days|Weeks|Months|Years, got "Decades"
// The engine returns it in 400s (with the same issues as data, see field-errors.ts); the upstream
// client uses it when a response breaks its contract.
import type { z } from "zod";
import { formatPath, type FieldError } from "./field-errors.ts";

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      // Inputs are not kept on issues; zod's own message says what was received.
      if (/received undefined$/.test(issue.message)) return `required field missing (expected ${issue.expected})`;
      return issue.message.replace(/^Invalid input: /, "").replace("received", "got");
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? "at least" : "at most";
      const limit = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
      if (issue.origin === "array") return `must have ${bound} ${limit} item${limit === "1" ? "" : "s"}`;
      if (issue.origin === "string") return `must be ${bound} ${limit} character${limit === "1" ? "" : "s"} long`;
      return `must be ${bound} ${limit}`;
    }
    case "invalid_union": {
      const first = issue.errors.flat()[0];
      return first ? describeIssue(first) : issue.message;
    }
    default:
      return issue.message;
  }
}

function flatten(issue: Issue, prefix: string | undefined): FieldError[] {
  if (issue.code === "unrecognized_keys") {
    // Name each unknown field at its own path rather than the parent object.
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), message: "unknown field" }));
  }
  return [{ path: formatPath(issue.path, prefix), message: describeIssue(issue) }];
}

/** Each failing field of a zod error as data: `{ path: "body.a.b[0]", message }` (prefix e.g. "body"). */
export function zodFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.flatMap((issue) => flatten(issue, prefix));
}

/** A clear message naming each failing field path; issues joined by "; ". */
export function formatZodIssues(error: z.ZodError, prefix?: string): string {
  const lines = zodFieldErrors(error, prefix).map((f) => `${f.path}: ${f.message}`);
  return lines.length > 0 ? lines.join("; ") : "invalid input";
}
