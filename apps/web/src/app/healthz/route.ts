// Liveness of this portal process (restart it when this fails): no sign-in, no database.
// Readiness (database reachable, migrations applied) is /readyz.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
