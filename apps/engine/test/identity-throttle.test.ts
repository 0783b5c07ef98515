// Key guessing at /identity/token against the real engine process: a client sending wrong keys is
// answered 400 a few times, then 429 with a Retry-After that grows the longer it keeps guessing,
// while the holder of the right key, from another address, gets its token at once. Clients are
// told apart by their socket address (127.0.0.x, all loopback on Linux).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

let engine: EngineProcess;
beforeAll(async () => {
  engine = await startEngineProcess();
});
afterAll(async () => {
  await engine?.stop();
});

interface Answer {
  status: number;
  retryAfter: number | null;
  body: Record<string, unknown>;
}

function tokenRequest(apikey: string, localAddress: string): Promise<Answer> {
  const body = new URLSearchParams({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${engine.url}/identity/token`,
      { method: "POST", localAddress, headers: { "content-type": "application/x-www-form-urlencoded" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const retryAfter = res.headers["retry-after"];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: retryAfter === undefined ? null : Number(retryAfter),
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("/identity/token throttling", () => {
  it("answers 400 to the first guesses at a key, then 429 with a growing Retry-After; the right key from elsewhere still works", async () => {
    const guess = (i: number) => tokenRequest(`${engine.bootstrap.apiKey.slice(0, 8)}-guess-${i}`, "127.0.0.2");
    const first = [];
    for (let i = 0; i < 20; i++) first.push(await guess(i));
    // Figures: 5 free guesses and the one that starts the wait are checked; the rest are refused.
    expect(first.map((a) => a.status)).toEqual([...Array(6).fill(400), ...Array(14).fill(429)]);
    const refused = first[6]!;
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ errorCode: "BXNIM0436E", errorMessage: expect.stringMatching(/^Too many token requests with a wrong key; try again in \d+ seconds?$/) });
    expect(JSON.stringify(refused.body)).not.toContain(engine.bootstrap.apiKey.slice(0, 8));

    // Waiting as told buys one more guess, after which the wait is longer.
    const waits: number[] = [refused.retryAfter!];
    for (let round = 0; round < 2; round++) {
      await sleep(waits.at(-1)! * 1000 + 100);
      expect((await guess(100 + round)).status).toBe(400);
      const next = await guess(200 + round);
      expect(next.status).toBe(429);
      waits.push(next.retryAfter!);
    }
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);

    // The portal, from its own address and with the right key (same prefix), is not held up.
    const right = await tokenRequest(engine.bootstrap.apiKey, "127.0.0.3");
    expect(right.status).toBe(200);
    expect(right.body["access_token"]).toEqual(expect.any(String));
  });

  it("slows one address sending many different keys after 30 of them", async () => {
    const answers = [];
    for (let i = 0; i < 36; i++) answers.push((await tokenRequest(`${i}${Math.random().toString(36).slice(2, 12)}-random`, "127.0.0.4")).status);
    expect(answers.slice(0, 31).every((s) => s === 400)).toBe(true);
    expect(answers.slice(31).every((s) => s === 429)).toBe(true);
    // The right key from another address still works.
    expect((await tokenRequest(engine.bootstrap.apiKey, "127.0.0.5")).status).toBe(200);
  });
});
