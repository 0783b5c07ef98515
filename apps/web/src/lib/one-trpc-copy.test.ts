// Live pages rely on the server's SSE adapter recognising the BFF's tracked() events, which it
// does by a Symbol private to its @trpc/server module: a second copy in the tree (e.g. pulled in by
// @trpc/tanstack-react-query's exact peer pins) silently changes what reaches the browser.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const resolveFrom = (pkgDir: string, request: string) => createRequire(path.join(repoRoot, pkgDir, "package.json")).resolve(request);

describe("one copy of tRPC", () => {
  it("resolves @trpc/server and @trpc/client to the same files from the portal, the BFF and the client package", () => {
    for (const request of ["@trpc/server/package.json", "@trpc/client/package.json"]) {
      const fromWeb = resolveFrom("apps/web", request);
      expect(resolveFrom("packages/client", request)).toBe(fromWeb);
      if (request.startsWith("@trpc/server")) expect(resolveFrom("packages/api", request)).toBe(fromWeb);
    }
    const tanstack = path.dirname(resolveFrom("apps/web", "@trpc/tanstack-react-query/package.json"));
    expect(createRequire(path.join(tanstack, "package.json")).resolve("@trpc/server/package.json")).toBe(resolveFrom("apps/web", "@trpc/server/package.json"));
  });
});
