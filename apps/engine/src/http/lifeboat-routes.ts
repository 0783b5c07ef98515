// Engine routes outside the contracts' operations table (Lifeboat extensions), each registered by
// its area: authenticated exactly like /v2 (IAM bearer token + X-IBM-Tenant-Id), except the
// engine-to-engine content relay, which carries a token sealed with the engines' shared secret.
import type { FastifyInstance } from "fastify";
import type { EngineContext } from "../context.ts";
import { registerRepositoryRoutes } from "../areas/repositories/routes.ts";
import { registerSearchRoutes } from "../areas/search/routes.ts";
import { registerSourceRoutes } from "../areas/sources/routes.ts";
import { registerStorageRoutes } from "../areas/storage/routes.ts";
import { registerContentRelayRoute } from "../tasks/content-relay.ts";

export function registerLifeboatRoutes(app: FastifyInstance, engine: EngineContext): void {
  registerStorageRoutes(app, engine);
  registerSearchRoutes(app, engine);
  registerSourceRoutes(app, engine);
  registerRepositoryRoutes(app, engine);
  registerContentRelayRoute(app, engine);
}
