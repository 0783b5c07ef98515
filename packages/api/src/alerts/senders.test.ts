import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testAlert, webhookPayload, WebhookPayloadSchema } from "./payload.ts";
import { renderTemplate, signatureOf } from "./senders.ts";

const ws = { id: "w1", name: "Prod \"eu\"" };
const now = new Date("2026-12-07T12:00:00Z");
const payload = webhookPayload({ event: "firing", deliveryId: "d1", workspace: ws, alerts: [testAlert(ws, now)], now });

describe("webhook bodies", () => {
  it("follow the documented schema", () => {
    expect(WebhookPayloadSchema.parse(payload)).toEqual(payload);
    expect(payload).toMatchObject({ version: 1, event: "alert.firing", alert: { condition: "run.failed" }, alerts: [{ id: "test" }] });
  });
  it("are signed with sha256=<hex HMAC of the exact body>", () => {
    const body = JSON.stringify(payload);
    expect(signatureOf(body, "k")).toBe(`sha256=${createHmac("sha256", "k").update(body).digest("hex")}`);
  });
  it("render a template with JSON-safe values", () => {
    const out = renderTemplate('{"text": "{{alert.message}} in {{workspace.name}}", "sev": "{{alert.severity}}"}', payload);
    expect(JSON.parse(out)).toEqual({ text: `${payload.alert.message} in Prod "eu"`, sev: "info" });
  });
});
