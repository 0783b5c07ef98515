import { describe, expect, it } from "vitest";
import { channelFromCreate, channelFromUpdate, CreateChannelInput, UpdateChannelInput } from "./channel-config.ts";

const hook = channelFromCreate(CreateChannelInput.parse({ name: "hook", kind: "webhook", url: "https://hooks.example.test/a?token=t", secret: "s".repeat(20) }));
const mail = channelFromCreate(
  CreateChannelInput.parse({
    name: "mail",
    kind: "email",
    smtp: { host: "smtp.example.test", port: 587, security: "starttls", username: "u", password: "pw", from: "a@example.test" },
    recipients: ["b@example.test"],
  }),
);
const update = (input: Record<string, unknown>) => UpdateChannelInput.parse({ id: "x", name: "n", ...input });

describe("channel secrets are write-only and stay with their destination", () => {
  it("keeps the webhook URL and secret when left out", () => {
    expect(channelFromUpdate(hook, update({})).secrets).toEqual(hook.secrets);
  });
  it("refuses a new URL without the secret entered again, accepts it with one", () => {
    expect(() => channelFromUpdate(hook, update({ url: "https://listener.example.test/" }))).toThrow(/Enter the webhook secret again/);
    expect(channelFromUpdate(hook, update({ url: "https://listener.example.test/", secret: "n".repeat(20) })).secrets).toEqual({ url: "https://listener.example.test/", secret: "n".repeat(20) });
    expect(channelFromUpdate(hook, update({ url: "https://listener.example.test/", secret: null })).secrets).toEqual({ url: "https://listener.example.test/" });
  });
  it("refuses another SMTP server or user without the password entered again", () => {
    const smtp = { host: "evil.example.test", port: 587, security: "starttls", username: "u", from: "a@example.test" };
    expect(() => channelFromUpdate(mail, update({ smtp }))).toThrow(/Enter the SMTP password again/);
    expect(channelFromUpdate(mail, update({ smtp: { ...smtp, host: "smtp.example.test" }, recipients: ["c@example.test"] })).secrets).toEqual({ password: "pw" });
  });
  it("refuses fields of another kind, naming them", () => {
    expect(() => channelFromUpdate(mail, update({ url: "https://x.example.test/" }))).toThrow(/no url, secret or template/);
  });
});

describe("channel bodies", () => {
  it("name the field a kind needs or does not take", () => {
    const missing = CreateChannelInput.safeParse({ name: "m", kind: "email" });
    expect(missing.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["smtp", "A channel of kind email needs smtp"],
      ["recipients", "A channel of kind email needs recipients"],
    ]);
    const extra = CreateChannelInput.safeParse({ name: "s", kind: "slack", url: "https://hooks.slack.test/x", secret: "s".repeat(20) });
    expect(extra.error?.issues.map((i) => i.path.join("."))).toEqual(["secret"]);
  });
});
