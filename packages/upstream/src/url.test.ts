import { describe, expect, it } from "vitest";
import { encodeQuery, fillPath, hostRoot, normalizeServiceUrl } from "./url.ts";

describe("normalizeServiceUrl (reference §Q 2)", () => {
  it("accepts URLs ending in /v2, with or without a trailing slash", () => {
    expect(normalizeServiceUrl("https://abc.us-east.backup-recovery.cloud.ibm.com/v2/")).toBe(
      "https://abc.us-east.backup-recovery.cloud.ibm.com/v2",
    );
    expect(normalizeServiceUrl("http://127.0.0.1:4000/v2")).toBe("http://127.0.0.1:4000/v2");
  });

  it("names the problem of a bare host, a bad scheme or a non-URL", () => {
    expect(() => normalizeServiceUrl("https://abc.us-east.backup-recovery.cloud.ibm.com/")).toThrow(/must end in \/v2/);
    expect(() => normalizeServiceUrl("ftp://host/v2")).toThrow(/http or https/);
    expect(() => normalizeServiceUrl("abc/v2")).toThrow(/not a valid URL/);
  });
});

describe("fillPath and encodeQuery", () => {
  it("refuses a missing path parameter", () => {
    expect(() => fillPath("/data-protect/policies/{id}", {})).toThrow(/"id" is missing/);
  });

  it("comma-joins arrays (§Q 14) and leaves out undefined values and empty arrays", () => {
    expect(encodeQuery({ ids: [1, 2, 3], names: [], flag: false, skip: undefined })).toBe("?ids=1%2C2%2C3&flag=false");
    expect(encodeQuery({})).toBe("");
  });
});

describe("hostRoot (reference §Q 26)", () => {
  it("drops the service URL's /v2 for the /irisservices/api/v1 operations, keeping any path before it", () => {
    expect(hostRoot(normalizeServiceUrl("https://abc.us-east.backup-recovery.cloud.ibm.com/v2/"))).toBe("https://abc.us-east.backup-recovery.cloud.ibm.com");
    expect(hostRoot(normalizeServiceUrl("http://127.0.0.1:8080/prefix/v2"))).toBe("http://127.0.0.1:8080/prefix");
  });
});
