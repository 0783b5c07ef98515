// The client as another app uses it: packed with `npm pack`, installed into a temporary project
// outside the workspace (no path back into the monorepo's sources), compiled there with strict
// tsc, and run with Node against a real HTTP server serving the portal router with an API token.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, contextFromApiToken, createCaller, createContext, silentLog } from "@lifeboat/api";
import { GENERATED_FILE } from "../scripts/generate-router-type.ts";
import { openPortalDb, type PortalDb } from "./portal-db.ts";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const pkgDir = path.join(repoRoot, "packages/client");
/** Runs one of the package's scripts in a child process: they compile for a minute, which must not block this worker. */
const script = async (name: string, ...args: string[]) =>
  (await run(process.execPath, ["--import", "tsx", path.join(pkgDir, "scripts", name), ...args], { cwd: pkgDir, maxBuffer: 64 * 1024 * 1024 })).stdout;

let portal: PortalDb;
let server: Server;
let url: string;
let tmp: string;
let token: string;

beforeAll(async () => {
  portal = await openPortalDb();
  const { db } = portal;
  const workspace = await db.workspace.create({ data: { name: `client-${Date.now()}` } });
  const user = await db.user.create({
    data: { email: `client-${Date.now()}@example.test`, memberships: { create: { workspaceId: workspace.id, role: "operator" } } },
  });
  const caller = createCaller(createContext({ db, session: { user: { id: user.id, email: user.email } }, clientIp: null, log: silentLog }));
  token = (await caller.apiToken.create({ name: "outside", role: "viewer" })).token;

  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) });
      void fetchRequestHandler({
        endpoint: "/api/trpc",
        req: request,
        router: appRouter,
        createContext: () => contextFromApiToken(db, request.headers.get("authorization") ?? "", { clientIp: null, log: silentLog }),
      }).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-client-consumer-"));
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await portal?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const CONSUMER = `
declare const process: { env: Record<string, string | undefined> };
import { createLifeboatClient, lifeboatErrorData, TRPCClientError } from "@lifeboat/client";

const lifeboat = createLifeboatClient({ url: process.env.PORTAL_URL ?? "", token: process.env.PORTAL_TOKEN ?? "" });
const summary = await lifeboat.dashboard.summary.query();
const unprotected: number = summary.objects.unprotected;
const generatedAt: Date = summary.generatedAt;
const tokens = await lifeboat.apiToken.list.query({});
const names: string[] = tokens.items.map((t) => t.name);
// @ts-expect-error days is a number, not a string: the input types are real
const wrong = await lifeboat.dashboard.series.query({ days: "7" }).then(() => "accepted", (e: unknown) => (e instanceof TRPCClientError ? e.message : "?"));
let refused = "";
try {
  await lifeboat.apiToken.create.mutate({ name: "minted", role: "viewer" });
} catch (error) {
  if (error instanceof TRPCClientError) refused = String(lifeboatErrorData(error)?.code);
}
console.log(JSON.stringify({ unprotected, isDate: generatedAt instanceof Date, names, refused, wrong }));
`;

describe("@lifeboat/client from outside the monorepo", () => {
  it("has a generated router type that matches the current AppRouter", async () => {
    expect(await script("generate-router-type.ts", "--stdout")).toBe(await fs.readFile(GENERATED_FILE, "utf8"));
  }, 300_000);

  it("installs from its tarball, compiles strictly and calls the portal with a token", async () => {
    const tarball = (await script("pack.ts", path.join(tmp, "pack"))).trim().split("\n").at(-1)!;
    const app = path.join(tmp, "app");
    const modules = path.join(app, "node_modules");
    await fs.mkdir(path.join(modules, "@lifeboat/client"), { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", path.join(modules, "@lifeboat/client"), "--strip-components=1"]);
    // What `npm install` would fetch from the registry: the client's public dependencies only
    // (linked from the monorepo's node_modules because tests must not download).
    await fs.mkdir(path.join(modules, "@trpc"), { recursive: true });
    for (const dep of ["@trpc/client", "@trpc/server", "superjson"]) await fs.symlink(path.join(repoRoot, "node_modules", dep), path.join(modules, dep));

    // The shipped code and declarations import public packages only: no internal module, no
    // Prisma client, no zod schema, no absolute path of this machine.
    const dist = path.join(modules, "@lifeboat/client/dist");
    const specifiers = new Set<string>();
    for (const file of ["index.js", "index.d.ts", "generated/app-router.js", "generated/app-router.d.ts"]) {
      const text = await fs.readFile(path.join(dist, file), "utf8");
      for (const m of text.matchAll(/(?:from\s+|import\()"([^"]+)"/g)) specifiers.add(m[1]!);
      expect(text).not.toContain(repoRoot);
    }
    expect([...specifiers].sort()).toEqual(["./generated/app-router.js", "@trpc/client", "@trpc/server", "superjson"]);

    await fs.writeFile(path.join(app, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
    await fs.writeFile(
      path.join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "out", types: [], lib: ["ES2022", "DOM", "ESNext.Disposable"], skipLibCheck: false }, files: ["main.ts"] }),
    );
    await fs.writeFile(path.join(app, "main.ts"), CONSUMER);
    await run(path.join(repoRoot, "node_modules/.bin/tsc"), ["-p", app], { cwd: app }).catch((e: { stdout?: string }) => {
      throw new Error(`consumer does not compile:\n${e.stdout}`);
    });
    const { stdout } = await run(process.execPath, [path.join(app, "out/main.js")], { cwd: app, env: { ...process.env, PORTAL_URL: url, PORTAL_TOKEN: token } });
    expect(JSON.parse(stdout)).toEqual({ unprotected: 0, isDate: true, names: ["outside"], refused: "FORBIDDEN", wrong: "days: expected number, got string" });
  }, 300_000);
});
