import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "./log.ts";
import { AgentConfigError, agentEnv } from "./env.ts";

describe("logger", () => {
  it("replaces registered secrets in every line", () => {
    const lines: [LogLevel, string][] = [];
    const log = createLogger((level, line) => lines.push([level, line]));
    log.redact("reg-0123456789");
    log.redact("ab"); // too short to be a token: ignored rather than shredding words
    log.error("POST /register → HTTP 400: bad token reg-0123456789 (about reg-0123456789)");
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toBe("error");
    expect(lines[0]![1]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z error POST \/register → HTTP 400: bad token \[redacted\] \(about \[redacted\]\)$/);
  });
});

describe("agentEnv", () => {
  it("names the variable that is wrong", () => {
    expect(() => agentEnv({ AGENT_ENGINE_URL: "ftp://x" })).toThrow(AgentConfigError);
    expect(() => agentEnv({ AGENT_ENGINE_URL: "ftp://x" })).toThrow(/AGENT_ENGINE_URL: must be an http\(s\) URL/);
    expect(() => agentEnv({ AGENT_SUPERVISED: "maybe" })).toThrow(/AGENT_SUPERVISED/);
  });

  it("treats empty values as unset and finds the home of an installed agent from its path", () => {
    const env = agentEnv(
      { AGENT_ENGINE_URL: "http://e:4000/", AGENT_REGISTRATION_TOKEN: "", AGENT_STATE_DIR: "/var/lib/x", AGENT_SUPERVISED: "1" },
      "/opt/lifeboat-agent/versions/1.2.3/lifeboat-agent.mjs",
    );
    expect(env).toMatchObject({
      engineUrl: "http://e:4000",
      registrationToken: undefined,
      stateDir: "/var/lib/x",
      agentHome: "/opt/lifeboat-agent",
      supervised: true,
      resticBin: "restic",
    });
    // Running from the repo (tsx src/main.ts): versions live under the state dir.
    expect(agentEnv({ AGENT_STATE_DIR: "/s" }, "/repo/apps/agent/src/main.ts").agentHome).toBe("/s");
  });
});
