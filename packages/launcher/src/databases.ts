// Where the portal and engine databases live: the server of DATABASE_URL, or an embedded cluster
// under <dataDir>/postgres. The engine gets its own database on the same server, named after the
// portal's (`lifeboat` → `lifeboat_engine`), unless ENGINE_DATABASE_URL names one.
import path from "node:path";
import { databaseName, ensureDatabase, startEmbeddedPostgres, withDatabase } from "@lifeboat/postgres";

export const EMBEDDED_PORTAL_DATABASE = "lifeboat";

export interface StackDatabases {
  portalUrl: string;
  engineUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabases(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
  engineDatabaseUrl?: string | undefined;
}): Promise<StackDatabases> {
  let portalUrl: string;
  let stop = async () => {};
  if (options.databaseUrl) {
    portalUrl = options.databaseUrl;
  } else {
    const server = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres") });
    portalUrl = withDatabase(server.url, EMBEDDED_PORTAL_DATABASE);
    stop = server.stop;
  }
  try {
    const engineUrl = options.engineDatabaseUrl || withDatabase(portalUrl, `${databaseName(portalUrl)}_engine`);
    await ensureDatabase(portalUrl);
    await ensureDatabase(engineUrl).catch((error: Error) => {
      throw new Error(
        `could not create the engine database ${databaseName(engineUrl)} (${error.message}): create it, or set ENGINE_DATABASE_URL to an existing one`,
      );
    });
    return { portalUrl, engineUrl, embedded: !options.databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
