import { describe, expect, it } from "vitest";
import { agentCommand } from "./commands.ts";

describe("agentCommand", () => {
  it("builds a command the agent protocol accepts, with its defaults applied", () => {
    expect(agentCommand({ id: "7", type: "taskControl", taskId: "12", action: "cancel" })).toEqual({ id: "7", type: "taskControl", taskId: "12", action: "cancel" });
  });

  it("refuses a command the protocol does not define, naming the field the engine got wrong", () => {
    expect(() => agentCommand({ id: "7", type: "taskControl", taskId: "12", action: "explode" })).toThrow(/malformed taskControl command: .*action/);
    expect(() => agentCommand({ id: "8", type: "taskControl", action: "cancel" })).toThrow(/taskId/);
    expect(() => agentCommand({ id: "9", type: "selfDestruct" })).toThrow(/malformed selfDestruct command/);
  });
});
