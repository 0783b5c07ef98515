import NextAuth from "next-auth";
import { authOptions } from "@/server/auth.ts";

// Options are built per request from a cached value: env is validated on first use, not at build.
function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
export const dynamic = "force-dynamic";
