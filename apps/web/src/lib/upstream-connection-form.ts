// The upstream-connection form: what the browser checks as the admin types (the BFF checks again
// and its field errors are shown beside the same fields), and how form values become BFF inputs.
import { z } from "zod";

export const CONNECTION_KINDS = [
  { value: "engine", label: "Lifeboat engine (self-hosted)" },
  { value: "ibm", label: "IBM Cloud Backup and Recovery" },
] as const;

export const IBM_IAM_TOKEN_URL = "https://iam.cloud.ibm.com/identity/token";

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function hasCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return Boolean(url.username || url.password);
  } catch {
    return false;
  }
}

export function connectionFormSchema(mode: "create" | "edit") {
  return z.object({
    kind: z.enum(["engine", "ibm"]),
    name: z.string().trim().min(1, "Give the connection a name").max(100, "At most 100 characters"),
    serviceUrl: z
      .string()
      .trim()
      .min(1, "The service URL is required")
      .max(500, "At most 500 characters")
      .refine(isHttpUrl, "Give an http(s) URL")
      .refine((v) => !hasCredentials(v), "Do not put credentials in the URL; use the API key field")
      // Reference §0.1: every operation lives under <service URL>/v2.
      .refine((v) => !isHttpUrl(v) || new URL(v).pathname.replace(/\/+$/, "").endsWith("/v2"), "The service URL must end in /v2"),
    iamTokenUrl: z
      .string()
      .trim()
      .max(500, "At most 500 characters")
      .refine((v) => v === "" || isHttpUrl(v), "Give an http(s) URL, or leave empty for the default"),
    tenantId: z.string().trim().min(1, "The tenant id is required (e.g. iqhch7lbr4/)").max(100, "At most 100 characters"),
    apiKey:
      mode === "create"
        ? z.string().trim().min(1, "The API key is required").max(500, "At most 500 characters")
        : z.string().trim().max(500, "At most 500 characters"),
  });
}

export type ConnectionFormValues = z.infer<ReturnType<typeof connectionFormSchema>>;

export const EMPTY_CONNECTION_FORM: ConnectionFormValues = {
  kind: "engine",
  name: "",
  serviceUrl: "",
  iamTokenUrl: "",
  tenantId: "default/",
  apiKey: "",
};

/** The IAM token URL used when the field is left empty (mirrors the BFF's default). */
export function defaultIamTokenUrl(kind: "engine" | "ibm", serviceUrl: string): string | null {
  if (kind === "ibm") return IBM_IAM_TOKEN_URL;
  return isHttpUrl(serviceUrl) ? `${new URL(serviceUrl).origin}/identity/token` : null;
}

function trimmed(values: ConnectionFormValues) {
  return {
    kind: values.kind,
    name: values.name.trim(),
    serviceUrl: values.serviceUrl.trim().replace(/\/+$/, ""),
    tenantId: values.tenantId.trim(),
    iamTokenUrl: values.iamTokenUrl.trim() || undefined,
    apiKey: values.apiKey.trim() || undefined,
  };
}

export function toCreateInput(values: ConnectionFormValues) {
  const { apiKey, iamTokenUrl, ...rest } = trimmed(values);
  if (!apiKey) throw new Error("The API key is required");
  return { ...rest, apiKey, ...(iamTokenUrl ? { iamTokenUrl } : {}) };
}

/**
 * True when an edit sends the connection somewhere new (service URL or IAM token URL), which the
 * BFF refuses without the API key: a stored key only goes where it was entered.
 */
export function apiKeyMustBeReentered(stored: { serviceUrl: string; iamTokenUrl: string }, values: ConnectionFormValues): boolean {
  const { serviceUrl, iamTokenUrl } = trimmed(values);
  return serviceUrl !== stored.serviceUrl || (iamTokenUrl !== undefined && iamTokenUrl.replace(/\/+$/, "") !== stored.iamTokenUrl);
}

/** An empty API key keeps the stored one: the key is write-only and never shown back. */
export function toUpdateInput(id: string, values: ConnectionFormValues) {
  const { apiKey, iamTokenUrl, ...rest } = trimmed(values);
  return { id, ...rest, ...(iamTokenUrl ? { iamTokenUrl } : {}), ...(apiKey ? { apiKey } : {}) };
}
