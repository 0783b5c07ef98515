// The agent install command shown with a registration token and on the Agents page. The installer
// (apps/agent install.sh) already carries the engine URL it was downloaded from; the command sets
// it explicitly anyway so a copied command works with an installer fetched elsewhere.

/** The bundled engine keeps a registration token for 24 hours (apps/engine REGISTRATION_TOKEN_TTL_MS). */
export const REGISTRATION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export const INSTALLER_FILE = "lifeboat-agent-install.sh";

/** Single-quotes a value for sh: safe for any character, including quotes. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function installCommand({ engineUrl, token }: { engineUrl?: string | undefined; token?: string | undefined }): string {
  const env = [
    engineUrl ? `LIFEBOAT_ENGINE_URL=${shellQuote(engineUrl)}` : null,
    `LIFEBOAT_REGISTRATION_TOKEN=${token ? shellQuote(token) : "<registration token>"}`,
  ].filter(Boolean);
  return `sudo ${env.join(" ")} sh ${INSTALLER_FILE}`;
}

export function tokenExpiry(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + REGISTRATION_TOKEN_TTL_MS);
}
