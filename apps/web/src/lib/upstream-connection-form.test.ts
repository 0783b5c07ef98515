import { describe, expect, it } from "vitest";
import { apiKeyMustBeReentered, connectionFormSchema, defaultIamTokenUrl, EMPTY_CONNECTION_FORM, toCreateInput, toUpdateInput } from "./upstream-connection-form.ts";

const valid = { ...EMPTY_CONNECTION_FORM, name: " Prod ", serviceUrl: "https://x.us-east.backup-recovery.cloud.ibm.com/v2/", apiKey: " k " };

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("upstream connection form", () => {
  it("requires the service URL to be http(s) and to end in /v2", () => {
    const schema = connectionFormSchema("create");
    expect(messages(schema.safeParse({ ...valid, serviceUrl: "https://x.example/api" })).serviceUrl).toBe("The service URL must end in /v2");
    expect(messages(schema.safeParse({ ...valid, serviceUrl: "ftp://x.example/v2" })).serviceUrl).toBe("Give an http(s) URL");
    expect(messages(schema.safeParse({ ...valid, serviceUrl: "https://u:p@x.example/v2" })).serviceUrl).toMatch(/credentials/);
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it("requires the API key on create only", () => {
    expect(messages(connectionFormSchema("create").safeParse({ ...valid, apiKey: "" })).apiKey).toBe("The API key is required");
    expect(connectionFormSchema("edit").safeParse({ ...valid, apiKey: "" }).success).toBe(true);
  });

  it("builds the create input trimmed, without an empty IAM token URL", () => {
    expect(toCreateInput(valid)).toEqual({
      kind: "engine",
      name: "Prod",
      serviceUrl: "https://x.us-east.backup-recovery.cloud.ibm.com/v2",
      tenantId: "default/",
      apiKey: "k",
    });
  });

  it("keeps the stored key on update when the field is left empty", () => {
    const input = toUpdateInput("c1", { ...valid, apiKey: "", iamTokenUrl: "http://127.0.0.1:4000/identity/token" });
    expect(input).not.toHaveProperty("apiKey");
    expect(input).toMatchObject({ id: "c1", iamTokenUrl: "http://127.0.0.1:4000/identity/token" });
  });

  it("explains the default IAM token URL per kind", () => {
    expect(defaultIamTokenUrl("ibm", "")).toBe("https://iam.cloud.ibm.com/identity/token");
    expect(defaultIamTokenUrl("engine", "http://127.0.0.1:4000/v2")).toBe("http://127.0.0.1:4000/identity/token");
    expect(defaultIamTokenUrl("engine", "not a url")).toBeNull();
  });

  it("asks for the API key again when the service URL or IAM token URL changes, as the BFF does", () => {
    const stored = { serviceUrl: "http://127.0.0.1:4000/v2", iamTokenUrl: "http://127.0.0.1:4000/identity/token" };
    const form = { ...EMPTY_CONNECTION_FORM, name: "Prod", ...stored };
    expect(apiKeyMustBeReentered(stored, { ...form, serviceUrl: "http://127.0.0.1:4000/v2/" })).toBe(false);
    expect(apiKeyMustBeReentered(stored, { ...form, iamTokenUrl: "" })).toBe(false);
    expect(apiKeyMustBeReentered(stored, { ...form, serviceUrl: "http://listener.example/v2" })).toBe(true);
    expect(apiKeyMustBeReentered(stored, { ...form, iamTokenUrl: "http://listener.example/identity/token" })).toBe(true);
  });
});
