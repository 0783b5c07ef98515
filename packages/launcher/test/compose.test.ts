// No Docker engine runs here: this keeps docker-compose.yml and the Dockerfile consistent with the
// launcher commands and the variables each command requires.
import fs from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/paths.ts";

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
}

const compose = parse(await fs.readFile(path.join(repoRoot, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const cli = await fs.readFile(path.join(repoRoot, "packages/launcher/src/cli.ts"), "utf8");

/** Variables each launcher command reads with required(…) in cli.ts. */
function requiredVariables(command: string): string[] {
  const body = cli.slice(cli.indexOf(`async function ${command}(`));
  const end = body.indexOf("\n}\n");
  return [...body.slice(0, end).matchAll(/required\("([A-Z_]+)"\)/g)].map((m) => m[1]!);
}

describe("docker-compose.yml", () => {
  it("runs PostgreSQL plus portal, engine and agent from the repository's one image", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["agent", "db", "engine", "portal"]);
    expect(compose.services.db?.image).toMatch(/^postgres:15/);
    for (const name of ["portal", "engine", "agent"]) {
      const service = compose.services[name]!;
      expect(service.build).toBe(".");
      expect(service.image).toBe("lifeboat:local");
      expect(service.command).toEqual(["node", "--import", "tsx", "packages/launcher/src/cli.ts", name]);
    }
  });

  it("gives every command the variables it requires and wires names that exist", () => {
    for (const name of ["portal", "engine", "agent"]) {
      const environment = compose.services[name]!.environment ?? {};
      const required = requiredVariables(name);
      expect(required.length).toBeGreaterThan(0);
      for (const variable of required) expect(environment, `${name} needs ${variable}`).toHaveProperty(variable);
      for (const dependency of Object.keys(compose.services[name]!.depends_on ?? {})) {
        expect(compose.services).toHaveProperty(dependency);
      }
      for (const volume of compose.services[name]!.volumes ?? []) {
        const source = volume.split(":")[0]!;
        if (!source.startsWith(".") && !source.startsWith("$")) expect(compose.volumes).toHaveProperty(source);
      }
    }
    // The engine database name must be the one the portal's engine URL points at.
    expect(compose.services.engine?.environment?.ENGINE_DATABASE_URL).toMatch(/@db:5432\/lifeboat_engine$/);
    expect(compose.services.portal?.environment?.LIFEBOAT_ENGINE_URL).toBe("http://engine:4000");
    expect(compose.services.agent?.environment?.AGENT_ENGINE_URL).toBe("http://engine:4000");
  });

  it("restarts every service and checks its health (issue 12: nothing stays down)", () => {
    for (const name of ["db", "portal", "engine", "agent"]) expect(compose.services[name]?.restart, name).toBe("unless-stopped");
    expect(compose.services.engine?.healthcheck?.test.join(" ")).toContain("/healthz");
    expect(compose.services.portal?.healthcheck?.test.join(" ")).toContain("/readyz");
    expect(compose.services.db?.healthcheck?.test.join(" ")).toContain("pg_isready");
  });

  it("matches a Dockerfile whose default command exists", async () => {
    const dockerfile = await fs.readFile(path.join(repoRoot, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain("restic");
    const cmd = JSON.parse(/^CMD (.+)$/m.exec(dockerfile)![1]!) as string[];
    await expect(fs.access(path.join(repoRoot, cmd[3]!))).resolves.toBeUndefined();
  });
});
