// Readiness of a service's database for `/readyz` (engine and portal): the server answers, and
// every migration in the service's migrations folder is recorded as applied in Prisma's
// `_prisma_migrations` table (both the engine's own runner and `prisma migrate deploy` write it).
// A fresh connection per check, with a connect and a query deadline: a pool that is stuck on a
// dead server must not make the probe hang, and the probe must not take the service's connections.
import fs from "node:fs/promises";
import pg from "pg";

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  migrations: "ok" | "pending" | "unknown";
  /** Migrations in the folder not yet applied (names), when the database answered. */
  pending: string[];
  /**
   * Why not ready, for the service's log only: it can name hosts and ports, so `/readyz` answers
   * with the fields above and never with this.
   */
  reason?: string;
}

export interface ReadinessOptions {
  url: string;
  migrationsDir: string;
  /** Deadline of the connect and of the query (default 3 s). */
  timeoutMs?: number;
}

const UNDEFINED_TABLE = "42P01";

export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 3000;
  let expected: string[];
  try {
    const entries = await fs.readdir(options.migrationsDir, { withFileTypes: true });
    expected = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (error) {
    return { ready: false, database: "unreachable", migrations: "unknown", pending: [], reason: `migrations folder ${options.migrationsDir}: ${(error as Error).message}` };
  }
  const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs });
  client.on("error", () => {}); // a server that goes away mid-check fails the query below instead
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    return { ready: false, database: "unreachable", migrations: "unknown", pending: [], reason: `database: ${(error as Error).message}` };
  }
  try {
    let applied: Set<string>;
    try {
      const rows = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      applied = new Set(rows.rows.map((r) => r.migration_name));
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      applied = new Set();
    }
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length > 0) {
      return { ready: false, database: "ok", migrations: "pending", pending, reason: `${pending.length} migration(s) not applied: ${pending.join(", ")}` };
    }
    return { ready: true, database: "ok", migrations: "ok", pending: [] };
  } catch (error) {
    return { ready: false, database: "unreachable", migrations: "unknown", pending: [], reason: `database: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The `/readyz` answer: 200 when ready, else 503; the body never carries `reason`. */
export function readinessResponse(readiness: Readiness): { status: number; body: Omit<Readiness, "reason"> } {
  const { reason: _reason, ...body } = readiness;
  return { status: readiness.ready ? 200 : 503, body };
}
