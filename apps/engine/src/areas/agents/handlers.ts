// POST /data-protect/agents/download (reference §8): the kScript installer of apps/agent for Linux.
// Other platforms and package types are refused with a 400 that says what is offered.
import type { OperationRequest, RequestContext } from "../../context.ts";
import { BinaryResult } from "../../context.ts";
import { invalidField } from "../../errors.ts";
import { buildInstaller } from "./package.ts";

export async function downloadAgent(ctx: RequestContext, input: OperationRequest<"downloadAgent">) {
  const body = input.body;
  if (body.platform !== "kLinux") {
    throw invalidField(`platform`, `this engine offers the agent for kLinux only, not ${body.platform}`);
  }
  const packageType = body.linuxParams?.packageType ?? "kScript";
  if (packageType !== "kScript") {
    throw invalidField(`linuxParams.packageType`, `this engine offers the kScript installer only (a self-contained shell script), not ${packageType}`);
  }
  const { script, version } = await buildInstaller(ctx.config.agentPackageDir, ctx.config.publicUrl);
  return new BinaryResult(script, "application/octet-stream", `lifeboat-agent-${version}-install.sh`);
}
