import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string };
    /** The portal's Session row (see @lifeboat/api auth/sessions.ts); checked on every request. */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** Id of the Session row this JWT stands for; no `sid`, no session. */
    sid?: string;
  }
}
