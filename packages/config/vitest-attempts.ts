// Counts the attempts of every test in its meta (which the JSON report keeps), so that a test that
// passed only when CI retried it is named as flaky in the run's summary (scripts/sum-reports.mjs)
// instead of passing silently.
import { beforeEach } from "vitest";

beforeEach(({ task }) => {
  const meta = task.meta as { attempts?: number };
  meta.attempts = (meta.attempts ?? 0) + 1;
});
