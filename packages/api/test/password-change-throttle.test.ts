// me.changePassword's current-password check is throttled like sign-in: a stolen session guessing
// the password waits longer and longer (TOO_MANY_REQUESTS with a retry-after), while the same user
// from another address is not held up.
import { hashPassword } from "@lifeboat/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retryAfterOf } from "../src/index.ts";
import { callerFor } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let user: { id: string; email: string };
const PASSWORD = "the current password";
beforeAll(async () => {
  t = await openTestDb("pwchange");
  user = await t.db.user.create({ data: { email: "carol@example.test", passwordHash: await hashPassword(PASSWORD) }, select: { id: true, email: true } });
});
afterAll(() => t?.close());

describe("me.changePassword throttling", () => {
  it("refuses guesses past the free ones with TOO_MANY_REQUESTS and a retry-after; another address still changes it", async () => {
    const thief = callerFor(t.db, user, { clientIp: "203.0.113.66" });
    const answers: string[] = [];
    let retryAfter: number | null = null;
    for (let i = 0; i < 8; i++) {
      const error = await thief.me.changePassword({ currentPassword: `guess ${i}`, newPassword: "a new long password" }).catch((e: unknown) => e);
      const code = (error as { code?: string }).code ?? "ok";
      answers.push(code);
      if (code === "TOO_MANY_REQUESTS") retryAfter ??= retryAfterOf([error]);
    }
    // 5 free guesses and one more are checked (400); the next ones must wait.
    expect(answers).toEqual([...Array(6).fill("BAD_REQUEST"), "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // Even the right password waits at that address…
    await expect(thief.me.changePassword({ currentPassword: PASSWORD, newPassword: "a new long password" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many password attempts; try again in \d+ seconds?$/),
    });
    // …while the user at their own address changes it at once.
    const owner = callerFor(t.db, user, { clientIp: "198.51.100.20" });
    await expect(owner.me.changePassword({ currentPassword: PASSWORD, newPassword: "a new long password" })).resolves.toMatchObject({ changed: true });
  });
});
