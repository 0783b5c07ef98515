// The OpenAPI 3 document of the REST door (/api/v1), generated from the tRPC procedures' schemas.
import { openApiDocument, REST_BASE_PATH } from "@lifeboat/api";

export function GET(req: Request) {
  // Absolute server URL as the caller reached us, so generated clients work without editing.
  const origin = new URL(req.url).origin;
  return Response.json(openApiDocument(`${origin}${REST_BASE_PATH}`));
}

export const dynamic = "force-dynamic";
