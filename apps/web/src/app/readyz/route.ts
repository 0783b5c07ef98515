// Readiness of this portal (send it traffic): its database answers and every migration in
// prisma/migrations is applied — the same check as the engine's /readyz (@lifeboat/postgres). No
// sign-in; the answer names which check failed, never hosts or errors (those go to the log).
import path from "node:path";
import { checkReadiness, readinessResponse } from "@lifeboat/postgres";
import { webEnv } from "@/server/env.ts";
import { getLog } from "@/server/globals.ts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// The portal runs in apps/web (launcher, Dockerfile); the migrations are the repository's.
const MIGRATIONS_DIR = path.resolve(process.cwd(), "../../prisma/migrations");

export async function GET() {
  const readiness = await checkReadiness({ url: webEnv().DATABASE_URL, migrationsDir: MIGRATIONS_DIR });
  if (!readiness.ready) getLog().warn("portal not ready", { reason: readiness.reason ?? "unknown" });
  const { status, body } = readinessResponse(readiness);
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
