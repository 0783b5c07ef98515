// "Firefox 128 on Linux" from a stored User-Agent, for the sessions list (bowser: MIT, small, and
// already in the tree through the AWS SDK).
import Bowser from "bowser";

export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ");
  const os = parsed.os.name ?? "";
  if (!browser && !os) return userAgent.slice(0, 80);
  return browser && os ? `${browser} on ${os}` : browser || os;
}
