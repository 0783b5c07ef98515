// Builds a publishable tarball of @lifeboat/client: compiles src to dist (JS + declarations, the
// generated router type included), writes a package.json whose exports point at dist, and runs
// `npm pack`. This is what another app installs (`npm install ./lifeboat-client-0.1.0.tgz`); the
// workspace itself keeps using the TypeScript source.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, "..");
const repoRoot = path.resolve(pkgDir, "../..");

export function packRelease(outDir: string): string {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-client-pack-"));
  try {
    const tsconfig = {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        declaration: true,
        skipLibCheck: true,
        rewriteRelativeImportExtensions: true,
        outDir: path.join(stage, "dist"),
        rootDir: path.join(pkgDir, "src"),
        types: [],
        lib: ["ES2022", "DOM"],
      },
      files: [path.join(pkgDir, "src/index.ts")],
    };
    const configPath = path.join(stage, "tsconfig.build.json");
    fs.writeFileSync(configPath, JSON.stringify(tsconfig));
    execFileSync(path.join(repoRoot, "node_modules/.bin/tsc"), ["-p", configPath], { cwd: pkgDir, stdio: "pipe" });
    // Declarations keep the source's `.ts` specifiers; a consumer resolves the emitted `.js` files.
    for (const file of ["index.d.ts", "generated/app-router.d.ts"]) {
      const full = path.join(stage, "dist", file);
      fs.writeFileSync(full, fs.readFileSync(full, "utf8").replace(/(from "\.{1,2}\/[^"]+)\.ts"/g, '$1.js"'));
    }
    const source = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
    const manifest = {
      name: "@lifeboat/client",
      version: source.version,
      description: "Typed client of the Lifeboat portal API (tRPC over HTTP with an API token)",
      type: "module",
      exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } },
      files: ["dist", "README.md"],
      dependencies: source.dependencies,
    };
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.copyFileSync(path.join(pkgDir, "README.md"), path.join(stage, "README.md"));
    fs.mkdirSync(outDir, { recursive: true });
    const out = execFileSync("npm", ["pack", "--pack-destination", outDir, "--json"], { cwd: stage, encoding: "utf8" });
    const filename = (JSON.parse(out) as { filename: string }[])[0]?.filename;
    if (!filename) throw new Error(`npm pack did not report a tarball: ${out}`);
    return path.join(outDir, filename);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(packRelease(path.resolve(process.argv[2] ?? path.join(pkgDir, "dist"))));
}
