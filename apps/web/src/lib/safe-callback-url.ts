/**
 * Where to go after signing in. Only same-origin paths are followed: a crafted link must not turn
 * the sign-in page into an open redirect.
 */
export function safeCallbackUrl(raw: string | undefined | null, fallback = "/dashboard"): string {
  if (!raw) return fallback;
  let path = raw;
  // next-auth passes absolute URLs of this site; keep their path part only.
  if (/^https?:\/\//i.test(raw)) {
    try {
      const url = new URL(raw);
      path = `${url.pathname}${url.search}${url.hash}`;
    } catch {
      return fallback;
    }
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  if (path.startsWith("/signin") || path.startsWith("/api/")) return fallback;
  return path;
}
