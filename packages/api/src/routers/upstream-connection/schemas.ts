// Inputs and the one output projection of upstream connections. The API key goes in, encrypted,
// and never comes out: outputs carry `hasApiKey` only.
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";

export const ConnectionKindSchema = z.enum(["ibm", "engine"]);
export const IBM_IAM_TOKEN_URL = "https://iam.cloud.ibm.com/identity/token";

const HttpUrlSchema = z
  .url({ protocol: /^https?$/, message: "Give an http(s) URL" })
  .max(500)
  .transform((u) => u.replace(/\/+$/, ""))
  // Credentials in a URL would be shown back in every list: they belong in the API key field.
  .refine((u) => !new URL(u).username && !new URL(u).password, "Do not put credentials in the URL");

export const ServiceUrlSchema = HttpUrlSchema.refine(
  (u) => new URL(u).pathname.endsWith("/v2"),
  "The service URL must end in /v2 (e.g. https://<instance>.<region>.backup-recovery.cloud.ibm.com/v2)",
);

/** The full token endpoint, as @lifeboat/upstream's IAM auth expects it (reference §0.2). */
export const IamTokenUrlSchema = HttpUrlSchema.refine(
  (u) => new URL(u).pathname.endsWith("/identity/token") && !new URL(u).search,
  "The IAM token URL must end in /identity/token (e.g. https://iam.cloud.ibm.com/identity/token)",
);

const fields = {
  name: z.string().trim().min(1).max(100),
  kind: ConnectionKindSchema,
  serviceUrl: ServiceUrlSchema,
  iamTokenUrl: IamTokenUrlSchema,
  /** X-IBM-Tenant-Id, e.g. "iqhch7lbr4/" (reference §0.3, §Q 1). */
  tenantId: z.string().trim().min(1).max(100),
  apiKey: z.string().trim().min(1).max(500),
};

export const CreateConnectionInput = z.object({ ...fields, iamTokenUrl: fields.iamTokenUrl.optional() });

/** Every field optional; a missing `apiKey` keeps the stored one. */
export const UpdateConnectionInput = z.object({
  id: IdSchema,
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  serviceUrl: fields.serviceUrl.optional(),
  iamTokenUrl: fields.iamTokenUrl.optional(),
  tenantId: fields.tenantId.optional(),
  apiKey: fields.apiKey.optional(),
});

/**
 * IBM connections use IBM's IAM; the bundled engine serves an IAM-compatible token endpoint at
 * its root (not under /v2), next to the API.
 */
export function defaultIamTokenUrl(kind: z.infer<typeof ConnectionKindSchema>, serviceUrl: string): string {
  return kind === "ibm" ? IBM_IAM_TOKEN_URL : `${new URL(serviceUrl).origin}/identity/token`;
}

export const connectionSelect = {
  id: true,
  name: true,
  kind: true,
  serviceUrl: true,
  iamTokenUrl: true,
  tenantId: true,
  lastTestedAt: true,
  lastTestOk: true,
  lastTestLatencyMs: true,
  lastTestMessage: true,
  createdAt: true,
  updatedAt: true,
  workspaces: { select: { id: true, name: true }, orderBy: { name: "asc" } },
} as const;

/** Adds the only key-related fact an output may carry (the column is NOT NULL, so always true). */
export function toConnectionOutput<T extends object>(row: T): T & { hasApiKey: true } {
  return { ...row, hasApiKey: true };
}
