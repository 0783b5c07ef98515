// Secrets reach restic only through the child's environment; anything restic (or ssh, or an S3
// endpoint) writes back is scrubbed before it can reach a log line or an error message.

const REDACTED = "[redacted]";

/** Replaces every occurrence of each secret (and its URL-encoded form) in `text`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another one is not left half-redacted.
  const variants = new Set<string>();
  for (const secret of secrets) {
    // Very short values would redact ordinary words; they are refused at config time instead.
    if (secret.length < 4) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
  }
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    out = out.split(variant).join(REDACTED);
  }
  return out;
}

/** Keeps the last `maxLines` lines of a growing text without holding all of it. */
export class TailBuffer {
  private lines: string[] = [];
  private partial = "";

  constructor(private readonly maxLines = 40) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) this.addLine(line);
  }

  addLine(line: string): void {
    // restic redraws its progress bar with ANSI erase sequences; they carry no information here.
    // eslint-disable-next-line no-control-regex
    const clean = line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "").trimEnd();
    if (clean === "") return;
    this.lines.push(clean.length > 2000 ? `${clean.slice(0, 2000)}…` : clean);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  text(): string {
    const all = this.partial.trim() === "" ? this.lines : [...this.lines, this.partial.trim()];
    return all.join("\n");
  }
}
