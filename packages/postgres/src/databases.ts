// Databases on a server: create-if-missing for the launcher and the engine, and throwaway
// databases for tests (one per test run, dropped at the end).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded.ts";

const DUPLICATE_DATABASE = "42P04";
const UNIQUE_VIOLATION = "23505";
const INVALID_CATALOG_NAME = "3D000"; // database does not exist

/** The same server and credentials as `url`, but database `name`. */
export function withDatabase(url: string, name: string): string {
  const parsed = parseUrl(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** The database name of a PostgreSQL URL. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(parseUrl(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error("the database URL names no database (expected postgresql://user@host:port/<database>)");
  return name;
}

/** Creates the database of `url` when it does not exist yet (safe when several callers race). */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  // Connect to the database itself first: a role that owns only its database (managed servers)
  // may not reach the maintenance database, and has nothing to create anyway.
  const probe = new pg.Client({ connectionString: url });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  await withAdminClient(url, async (client) => {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount) return;
    try {
      await client.query(`create database ${client.escapeIdentifier(name)}`);
    } catch (error) {
      // A concurrent creator won: 42P04, or 23505 on pg_database's unique index.
      const code = (error as { code?: string }).code;
      if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
    }
  });
}

/** Drops the database of `url` if it exists, closing its open connections first. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdminClient(url, async (client) => {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
  });
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database named `<prefix>_<random>` on the server of `DATABASE_URL` (the machine's
 * PostgreSQL in CI), or on an embedded cluster in a temporary folder when DATABASE_URL is unset.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const cleanPrefix = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40) || "test";
  const name = `${cleanPrefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString("hex")}`;
  const serverUrl = process.env.DATABASE_URL || (await acquireEmbedded());
  const url = withDatabase(serverUrl, name);
  try {
    await withAdminClient(url, (client) => client.query(`create database ${client.escapeIdentifier(name)}`));
  } catch (error) {
    if (!process.env.DATABASE_URL) await releaseEmbedded();
    throw new Error(`could not create test database ${name} on ${redactUrl(serverUrl)}: ${(error as Error).message}`);
  }
  let dropped = false;
  return {
    url,
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      try {
        await dropDatabase(url);
      } finally {
        if (!process.env.DATABASE_URL) await releaseEmbedded();
      }
    },
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

// One embedded cluster per process serves all test databases; it stops when the last is dropped.
let embedded: { handle: Promise<EmbeddedPostgresHandle>; dir: string; users: number } | null = null;

async function acquireEmbedded(): Promise<string> {
  if (!embedded) {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-testpg-"));
    // mkdtemp makes the folder 0700; when root, the postgres OS user must pass through it.
    await fs.chmod(base, 0o711);
    embedded = { handle: startEmbeddedPostgres({ dataDir: path.join(base, "pg") }), dir: base, users: 0 };
  }
  embedded.users += 1;
  try {
    return (await embedded.handle).url;
  } catch (error) {
    embedded = null;
    throw error;
  }
}

async function releaseEmbedded(): Promise<void> {
  if (!embedded) return;
  embedded.users -= 1;
  if (embedded.users > 0) return;
  const { handle, dir } = embedded;
  embedded = null;
  await (await handle).stop();
  await fs.rm(dir, { recursive: true, force: true });
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  // CREATE/DROP DATABASE cannot run inside the target database: use the maintenance database.
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("the database URL is not a valid URL (expected postgresql://user@host:port/database)");
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new Error(`the database URL must start with postgresql:// (got ${parsed.protocol}//)`);
  }
  return parsed;
}
