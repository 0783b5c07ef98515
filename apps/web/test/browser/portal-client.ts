// A scripted client of the real portal over HTTP, with its own cookie jar and its own source
// address: node:http's `localAddress` binds the socket to 127.0.0.x (all of 127/8 is loopback on
// Linux), so the portal's server sees distinct clients without any proxy header. Signs in through
// next-auth's real credentials callback and calls tRPC procedures as the browser does.
import http from "node:http";

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SignInResult {
  ok: boolean;
  /** next-auth's `error` on a refusal (e.g. "CredentialsSignin", or the rate-limit message). */
  error: string | null;
}

export class PortalClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly localAddress = "127.0.0.1",
    readonly userAgent = "portal-client/1.0",
  ) {}

  request(method: string, path: string, opts: { body?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const url = new URL(path, this.baseUrl);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          localAddress: this.localAddress,
          headers: {
            "user-agent": this.userAgent,
            ...(cookie ? { cookie } : {}),
            ...(opts.body !== undefined ? { "content-type": opts.contentType ?? "application/json" } : {}),
            ...opts.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            for (const line of res.headers["set-cookie"] ?? []) {
              const [pair] = line.split(";");
              const eq = pair!.indexOf("=");
              const name = pair!.slice(0, eq).trim();
              const value = pair!.slice(eq + 1).trim();
              if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
          });
        },
      );
      req.on("error", reject);
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  }

  async csrfToken(): Promise<string> {
    const answer = await this.request("GET", "/api/auth/csrf");
    return (JSON.parse(answer.body) as { csrfToken: string }).csrfToken;
  }

  /** next-auth's credentials sign-in, as the sign-in form posts it (with the two-factor code when given). */
  async signIn(email: string, password: string, code?: string): Promise<SignInResult> {
    const body = new URLSearchParams({ email, password, ...(code === undefined ? {} : { code }), csrfToken: await this.csrfToken(), callbackUrl: `${this.baseUrl}/dashboard`, json: "true" });
    const answer = await this.request("POST", "/api/auth/callback/credentials", { body: body.toString(), contentType: "application/x-www-form-urlencoded" });
    const location = answer.status >= 300 && answer.status < 400 ? (answer.headers.location ?? "") : ((JSON.parse(answer.body || "{}") as { url?: string }).url ?? "");
    const error = new URL(location, this.baseUrl).searchParams.get("error");
    return { ok: !error && this.hasSession(), error };
  }

  async signOut(): Promise<void> {
    const body = new URLSearchParams({ csrfToken: await this.csrfToken(), callbackUrl: `${this.baseUrl}/signin`, json: "true" });
    await this.request("POST", "/api/auth/signout", { body: body.toString(), contentType: "application/x-www-form-urlencoded" });
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((k) => k.endsWith("next-auth.session-token"));
  }

  /** A copy of this client's cookies on another address: the same browser cookie replayed. */
  clone(localAddress = this.localAddress): PortalClient {
    const copy = new PortalClient(this.baseUrl, localAddress, this.userAgent);
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }

  /** A tRPC query (superjson: the input travels as {"json": …}). */
  query(path: string, input?: unknown): Promise<HttpAnswer> {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    return this.request("GET", `/api/trpc/${path}${qs}`);
  }

  mutation(path: string, input?: unknown): Promise<HttpAnswer> {
    return this.request("POST", `/api/trpc/${path}`, { body: JSON.stringify({ json: input ?? null }) });
  }
}

/** The `json` payload of a tRPC answer. */
export function trpcData<T>(answer: HttpAnswer): T {
  if (answer.status !== 200) throw new Error(`tRPC answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return (JSON.parse(answer.body) as { result: { data: { json: T } } }).result.data.json;
}
