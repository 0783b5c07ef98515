import { describe, expect, it } from "vitest";
import { scrubSecrets, TailBuffer } from "./scrub.ts";

describe("scrubSecrets", () => {
  it("redacts every occurrence, URL-encoded forms, and overlapping secrets longest first", () => {
    const text = "key=abc/def+ghi url=abc%2Fdef%2Bghi again abc/def+ghi and abc/";
    expect(scrubSecrets(text, ["abc/def+ghi", "abc/"])).toBe(
      "key=[redacted] url=[redacted] again [redacted] and [redacted]",
    );
  });

  it("leaves text alone when no secret occurs", () => {
    expect(scrubSecrets("Fatal: wrong password or no key found", ["hunter22"])).toBe(
      "Fatal: wrong password or no key found",
    );
  });
});

describe("TailBuffer", () => {
  it("keeps only the last lines, strips terminal escapes and joins split chunks", () => {
    const tail = new TailBuffer(2);
    tail.push("one\ntw");
    tail.push("o\n\u001b[2Kthree\nfou");
    expect(tail.text()).toBe("two\nthree\nfou");
  });
});
