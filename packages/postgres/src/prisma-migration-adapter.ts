// Driver adapter for the Prisma CLI's migration commands (prisma.config.ts `adapter`).
//
// The schema engine inspects catalog tables whose columns have PostgreSQL's internal `name`
// (and `"char"`) types, which @prisma/adapter-pg 6.19 refuses to decode ("Column type 'name'
// could not be deserialized", prisma/orm#27403). Their text values are plain strings, so we
// report those columns as `text` before the adapter looks at them. Only migrations use this pool;
// the applications' clients use PrismaPg as it is.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const TEXT_OID = 25;
/** Built-in types that carry text but that adapter-pg does not map: name, "char", regproc… */
const TEXTUAL_OIDS = new Set([18, 19, 24, 26, 2205, 2206, 3734, 4089, 4096]);

interface FieldLike {
  dataTypeID: number;
}

function retypeFields(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results) {
    const fields = (r as { fields?: FieldLike[] } | undefined)?.fields;
    if (!fields) continue;
    for (const f of fields) if (TEXTUAL_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  }
  return result;
}

export function migrationAdapter(connectionString: string): PrismaPg {
  // allowExitOnIdle: the CLI never ends the pool, and idle clients would keep it alive 10 s.
  const pool = new pg.Pool({ connectionString, max: 2, allowExitOnIdle: true });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      // pg.Pool#query calls client.query with a callback; adapter-pg awaits the promise form.
      const last = args.length - 1;
      const cb = args[last];
      if (typeof cb === "function") {
        args[last] = (err: unknown, res: unknown) => cb(err, err ? res : retypeFields(res));
      }
      const out = query(...args);
      return out instanceof Promise ? out.then(retypeFields) : out;
    };
  });
  return new PrismaPg(pool);
}
