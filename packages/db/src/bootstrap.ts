// First-start state of the portal: the first admin, the Default workspace and the upstream
// connection to the bundled engine. Runs on every start and only fills what is missing: it never
// resets a password, never creates a second admin or workspace. The engine connection follows the
// engine's current URL and key (the port may change between starts).
import crypto from "node:crypto";
import type { Db } from "./client.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords.ts";
import { decryptSecret, encryptSecret } from "./secret-box.ts";

export const DEFAULT_ADMIN_EMAIL = "admin@lifeboat.local";
export const DEFAULT_WORKSPACE_NAME = "Default";
export const ENGINE_CONNECTION_NAME = "Bundled engine";

export interface EngineConnectionOptions {
  /** Base URL ending in /v2, e.g. http://127.0.0.1:4000/v2 */
  serviceUrl: string;
  /** e.g. http://127.0.0.1:4000/identity/token */
  iamTokenUrl: string;
  tenantId: string;
  apiKey: string;
}

export interface BootstrapOptions {
  /** LIFEBOAT_ADMIN_EMAIL; default admin@lifeboat.local. Used only when the database has no user. */
  adminEmail?: string;
  /** LIFEBOAT_ADMIN_PASSWORD; generated (and returned once) when omitted. */
  adminPassword?: string;
  engine: EngineConnectionOptions | null;
  /** LIFEBOAT_SECRET used to encrypt the engine API key (default: process.env.LIFEBOAT_SECRET). */
  secret?: string;
}

export interface BootstrapResult {
  /** The admin created now, or on later starts the account to sign in with (first instance admin, else first workspace admin, else first ops user, else first user). */
  admin: {
    email: string;
    /** True only on the start that created the admin. */
    created: boolean;
    /** Set only when this call generated the password: print it once, it is not stored anywhere. */
    generatedPassword?: string;
  };
  workspace: { id: string; name: string; created: boolean } | null;
  engineConnection: { id: string; created: boolean; updated: boolean } | null;
}

export async function bootstrapPortal(db: Db, options: BootstrapOptions): Promise<BootstrapResult> {
  const email = (options.adminEmail?.trim() || DEFAULT_ADMIN_EMAIL).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`LIFEBOAT_ADMIN_EMAIL is not an email address: ${email}`);
  if (options.adminPassword !== undefined && options.adminPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`LIFEBOAT_ADMIN_PASSWORD is too short: at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (options.engine) validateEngine(options.engine);

  return db.$transaction(
    async (tx) => {
      // Two processes starting at once (launcher + a second portal) must not both see "empty".
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('lifeboat.bootstrapPortal'))`;

      let admin: BootstrapResult["admin"];
      let adminId: string | null = null;
      if ((await tx.user.count()) === 0) {
        const generatedPassword = options.adminPassword === undefined ? generatePassword() : undefined;
        const user = await tx.user.create({
          data: {
            email,
            name: "Administrator",
            passwordHash: await hashPassword(options.adminPassword ?? generatedPassword!),
            isOps: true,
            isInstanceAdmin: true,
          },
          select: { id: true },
        });
        adminId = user.id;
        admin = { email, created: true, ...(generatedPassword ? { generatedPassword } : {}) };
      } else {
        const existing =
          (await tx.user.findFirst({ where: { isInstanceAdmin: true, disabled: false }, orderBy: { createdAt: "asc" }, select: { email: true } })) ??
          (await tx.user.findFirst({ where: { memberships: { some: { role: "admin" } } }, orderBy: { createdAt: "asc" }, select: { email: true } })) ??
          (await tx.user.findFirst({ where: { isOps: true }, orderBy: { createdAt: "asc" }, select: { email: true } })) ??
          (await tx.user.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { email: true } }));
        admin = { email: existing.email, created: false };
      }

      let workspace: BootstrapResult["workspace"] = null;
      if ((await tx.workspace.count()) === 0) {
        const created = await tx.workspace.create({ data: { name: DEFAULT_WORKSPACE_NAME }, select: { id: true, name: true } });
        workspace = { ...created, created: true };
      } else {
        const found = await tx.workspace.findUnique({ where: { name: DEFAULT_WORKSPACE_NAME }, select: { id: true, name: true } });
        workspace = found ? { ...found, created: false } : null;
      }
      if (adminId && workspace) {
        await tx.membership.create({ data: { userId: adminId, workspaceId: workspace.id, role: "admin" } });
      }

      let engineConnection: BootstrapResult["engineConnection"] = null;
      if (options.engine) {
        const engine = options.engine;
        const existing = await tx.upstreamConnection.findUnique({ where: { name: ENGINE_CONNECTION_NAME } });
        if (!existing) {
          const created = await tx.upstreamConnection.create({
            data: {
              name: ENGINE_CONNECTION_NAME,
              kind: "engine",
              serviceUrl: engine.serviceUrl,
              iamTokenUrl: engine.iamTokenUrl,
              tenantId: engine.tenantId,
              apiKeyCiphertext: encryptSecret(engine.apiKey, options.secret),
            },
            select: { id: true },
          });
          engineConnection = { id: created.id, created: true, updated: false };
        } else {
          const keyCurrent = storedKeyMatches(existing.apiKeyCiphertext, engine.apiKey, options.secret);
          const changed =
            !keyCurrent ||
            existing.serviceUrl !== engine.serviceUrl ||
            existing.iamTokenUrl !== engine.iamTokenUrl ||
            existing.tenantId !== engine.tenantId;
          if (changed) {
            await tx.upstreamConnection.update({
              where: { id: existing.id },
              data: {
                serviceUrl: engine.serviceUrl,
                iamTokenUrl: engine.iamTokenUrl,
                tenantId: engine.tenantId,
                ...(keyCurrent ? {} : { apiKeyCiphertext: encryptSecret(engine.apiKey, options.secret) }),
              },
            });
          }
          engineConnection = { id: existing.id, created: false, updated: changed };
        }
        // Bind the engine to the Default workspace only while that workspace has no connection:
        // an admin's later choice of another upstream is kept.
        if (workspace) {
          await tx.workspace.updateMany({
            where: { id: workspace.id, connectionId: null },
            data: { connectionId: engineConnection.id },
          });
        }
      }
      return { admin, workspace, engineConnection };
    },
    { timeout: 30_000 },
  );
}

function validateEngine(engine: EngineConnectionOptions): void {
  for (const field of ["serviceUrl", "iamTokenUrl"] as const) {
    try {
      new URL(engine[field]);
    } catch {
      throw new Error(`bootstrapPortal: engine.${field} is not a URL`);
    }
  }
  if (!engine.serviceUrl.replace(/\/+$/, "").endsWith("/v2")) {
    throw new Error("bootstrapPortal: engine.serviceUrl must end in /v2 (reference §0.1)");
  }
  if (!engine.tenantId) throw new Error("bootstrapPortal: engine.tenantId is empty");
  if (!engine.apiKey) throw new Error("bootstrapPortal: engine.apiKey is empty");
}

/** False when the stored key differs or cannot be decrypted (LIFEBOAT_SECRET changed): re-encrypt. */
function storedKeyMatches(ciphertext: string, apiKey: string, secret: string | undefined): boolean {
  try {
    return decryptSecret(ciphertext, secret) === apiKey;
  } catch {
    return false;
  }
}

/** 20 characters from an unambiguous alphabet (~115 bits). */
function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length: 20 }, () => alphabet[crypto.randomInt(alphabet.length)]).join("");
}
