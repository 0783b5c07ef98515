// Sums the JSON reports that every test runner wrote to .reports/ and prints the closing line
// "N passed, N failed". A runner that failed without writing a report counts as one failure, so
// a crash never reads as green. Exits non-zero when anything failed.
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(".reports");
const runStatus = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const flaky = [];
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
for (const file of files) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const suiteFailures = (report.testResults ?? []).filter((s) => s.status === "failed" && (s.assertionResults ?? []).length === 0);
  failed += suiteFailures.length;
  for (const s of suiteFailures) console.error(`suite failed to run: ${s.name}\n${s.message ?? ""}`);
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status === "passed" && (test.meta?.attempts ?? 1) > 1) flaky.push(`${path.relative(process.cwd(), suite.name)} > ${test.fullName ?? test.title}`);
      if (test.status !== "failed") continue;
      failures.push(`${path.relative(process.cwd(), suite.name)} > ${test.fullName ?? test.title}`);
      const message = (test.failureMessages ?? []).join("\n").split("\n").slice(0, 12).join("\n    ");
      if (message) failures.push(`    ${message}`);
    }
  }
}
// A test that passed only on CI's retry (packages/config/vitest.ts) counts as passed, named here.
if (flaky.length > 0) console.log(`passed only when retried (flaky, to fix):\n${flaky.join("\n")}`);
// Printed last (just above the summary) so the tail of a CI log always says what failed.
if (failures.length > 0) console.log(`failed tests:\n${failures.join("\n")}`);
if (runStatus !== 0 && failed === 0) {
  console.error(`the test command exited with ${runStatus} but no report names a failure: counting it as one`);
  failed = 1;
}
console.log(`reports: ${files.join(", ") || "none"}${skipped ? ` (${skipped} skipped)` : ""}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
