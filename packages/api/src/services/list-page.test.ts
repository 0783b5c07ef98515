import { describe, expect, it } from "vitest";
import { compareKeys, slicePage } from "./list-page.ts";

describe("slicePage", () => {
  const items = ["1:2:10", "1:2:9", "1:2:100", "1:3:1"].map((id) => ({ id }));

  it("orders numeric id parts as numbers and walks pages by keyset", () => {
    const first = slicePage(items, (i) => i.id, { limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(["1:2:9", "1:2:10"]);
    const second = slicePage(items, (i) => i.id, { cursor: first.nextCursor, limit: 2 });
    expect(second.items.map((i) => i.id)).toEqual(["1:2:100", "1:3:1"]);
    expect(second.nextCursor).toBeNull();
  });

  it("neither repeats nor skips a record when one is added before the cursor between pages", () => {
    const first = slicePage(items, (i) => i.id, { limit: 2 });
    const grown = [...items, { id: "1:2:1" }];
    const second = slicePage(grown, (i) => i.id, { cursor: first.nextCursor, limit: 10 });
    expect(second.items.map((i) => i.id)).toEqual(["1:2:100", "1:3:1"]);
  });

  it("walks pages largest key first when asked (recoveries: newest first)", () => {
    const first = slicePage(items, (i) => i.id, { limit: 2 }, "desc");
    expect(first.items.map((i) => i.id)).toEqual(["1:3:1", "1:2:100"]);
    const grown = [...items, { id: "1:3:2" }];
    const second = slicePage(grown, (i) => i.id, { cursor: first.nextCursor, limit: 10 }, "desc");
    expect(second.items.map((i) => i.id)).toEqual(["1:2:10", "1:2:9"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses a cursor that is not base64url", () => {
    expect(() => slicePage(items, (i) => i.id, { cursor: "not a cursor!", limit: 2 })).toThrow(/cursor is not valid/);
    expect(compareKeys("abc", "abd")).toBeLessThan(0);
  });
});
