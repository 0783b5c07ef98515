// Stored secrets go only where they were entered (services/write-only-secret.ts). An instance admin
// — the only caller who may edit a connection — points the token URL or the service URL at a
// local listener without entering the key again: the update is refused with a field error on
// `apiKey`, and neither it nor a following `test` sends anything to the listener. The same for an
// alert channel's webhook secret and SMTP password.
import { decryptSecret, encryptSecret } from "@lifeboat/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatError } from "../../src/errors.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.ts";
import { startHttpReceiver, type HttpReceiver } from "../helpers/receivers.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const KEY = "ibm-api-key-Wr1teOnly-Zq8v1Xw3Rt5y7U9i0Op";
const TENANT = "tenant-w/";

let t: TestDb;
let cast: Cast;
let upstream: FakeUpstream;
let listener: HttpReceiver;
let connId: string;

beforeAll(async () => {
  [t, upstream, listener] = await Promise.all([openTestDb("write_only"), startFakeUpstream({ apiKey: KEY, tenantId: TENANT }), startHttpReceiver()]);
  cast = await createCast(t.db);
  const conn = await t.db.upstreamConnection.create({
    data: { name: "entered", kind: "ibm", serviceUrl: `${upstream.url}/v2`, iamTokenUrl: `${upstream.url}/identity/token`, tenantId: TENANT, apiKeyCiphertext: encryptSecret(KEY) },
  });
  connId = conn.id;
});
afterAll(async () => {
  await Promise.all([upstream?.close(), listener?.close()]);
  await t?.close();
});

/** The refusal, with the field error forms show next to the field (errors.ts flattens zod issues). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; fields: string[] }> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  // What the browser gets: the error formatter's field errors.
  const shape = formatError({ shape: { message: e.message, code: -32600, data: {} }, error: e });
  return { code: e.code, message: shape.message, fields: Object.keys(shape.data.fieldErrors?.fieldErrors ?? {}) };
}

describe("a stored upstream API key goes only to the URLs it was entered with", () => {
  it("refuses a new token URL or service URL without the key, naming the key field; the listener receives nothing", async () => {
    const admin = cast.caller("admin");
    for (const change of [{ iamTokenUrl: `${listener.url}/identity/token` }, { serviceUrl: `${listener.url}/v2` }, { serviceUrl: `${listener.url}/v2`, name: "moved" }]) {
      const r = await refusal(admin.upstreamConnection.update({ id: connId, ...change }));
      expect(r).toMatchObject({ code: "BAD_REQUEST", fields: ["apiKey"] });
      expect(r.message).toContain("Enter the API key again");
    }
    // The connection still points where the key was entered, so the test goes there, not to the listener.
    expect(await admin.upstreamConnection.test({ id: connId })).toMatchObject({ ok: true });
    const row = await t.db.upstreamConnection.findUniqueOrThrow({ where: { id: connId } });
    expect(row).toMatchObject({ serviceUrl: `${upstream.url}/v2`, iamTokenUrl: `${upstream.url}/identity/token`, name: "entered" });
    expect(listener.requests).toEqual([]);
  });

  it("keeps the key for edits that do not move it (name, tenant, the same URL again)", async () => {
    const admin = cast.caller("admin");
    const same = await admin.upstreamConnection.update({ id: connId, serviceUrl: `${upstream.url}/v2/`, tenantId: TENANT, name: "renamed" });
    expect(same).toMatchObject({ name: "renamed", hasApiKey: true });
    expect(decryptSecret((await t.db.upstreamConnection.findUniqueOrThrow({ where: { id: connId } })).apiKeyCiphertext)).toBe(KEY);
    expect(listener.requests).toEqual([]);
  });

  it("moves with a key entered again: the new host gets the new key, never the stored one", async () => {
    const admin = cast.caller("admin");
    const newKey = "key-entered-for-the-listener-0123456789";
    await admin.upstreamConnection.update({ id: connId, iamTokenUrl: `${listener.url}/identity/token`, apiKey: newKey });
    listener.respondWith(400);
    expect(await admin.upstreamConnection.test({ id: connId })).toMatchObject({ ok: false });
    expect(listener.requests.length).toBeGreaterThan(0);
    const bodies = listener.requests.map((r) => r.body).join("\n");
    expect(bodies).toContain(newKey);
    expect(bodies).not.toContain(KEY);
  });
});

describe("alert channel secrets follow the same rule", () => {
  it("refuses a webhook's new URL without its secret (field `secret`), and the listener receives nothing", async () => {
    const admin = cast.caller("admin");
    const home = await startHttpReceiver();
    const attacker = await startHttpReceiver();
    try {
      const channel = await admin.alertChannel.create({ name: "hook", kind: "webhook", url: `${home.url}/hook`, secret: "a-webhook-secret-0123456789" });
      const r = await refusal(admin.alertChannel.update({ id: channel.id, name: "hook", url: `${attacker.url}/hook` }));
      expect(r).toMatchObject({ code: "BAD_REQUEST", fields: ["secret"] });
      await admin.alertChannel.test({ id: channel.id });
      expect(home.requests).toHaveLength(1);
      expect(attacker.requests).toEqual([]);
    } finally {
      await Promise.all([home.close(), attacker.close()]);
    }
  });

  it("refuses an e-mail channel's new SMTP host without its password (field `smtp.password`)", async () => {
    const admin = cast.caller("admin");
    const smtp = { host: "127.0.0.1", port: 2525, security: "none" as const, username: "mailer", from: "lifeboat@example.test" };
    const channel = await admin.alertChannel.create({ name: "mail", kind: "email", smtp: { ...smtp, password: "smtp-password-0123" }, recipients: ["ops@example.test"] });
    const r = await refusal(admin.alertChannel.update({ id: channel.id, name: "mail", smtp: { ...smtp, host: "127.0.0.2" }, recipients: ["ops@example.test"] }));
    expect(r).toMatchObject({ code: "BAD_REQUEST", fields: ["smtp.password"] });
  });
});
