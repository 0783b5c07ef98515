// A real HTTP proxy between a real agent and the engine (own free port) that forwards everything,
// and can make a poll answer that carries a data task get lost on its way to the agent — the
// engine has marked the task Delivered, the agent never sees it — optionally killing the agent at
// that very moment. This gates "the agent died right after the task was delivered" on the
// delivery itself, not on a timer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AGENT_API_PREFIX } from "@lifeboat/agent-protocol";

export interface AgentProxy {
  url: string;
  /** Set once the engine is up (the stack asks for the agent's URL after starting the engine). */
  target: string | undefined;
  /**
   * The next `times` poll answers carrying a data task of `type` lose that task (the agent gets
   * the answer without it). `onDrop` runs before the answer is (not) sent, e.g. to kill the agent.
   */
  dropTasks(type: string, times: number, onDrop?: () => Promise<void>): void;
  /** Task ids dropped so far. */
  dropped: string[];
  close(): Promise<void>;
}

interface Drop {
  type: string;
  left: number;
  onDrop?: () => Promise<void>;
}

export async function startAgentProxy(): Promise<AgentProxy> {
  let drop: Drop | null = null;
  const dropped: string[] = [];
  const proxy: AgentProxy = {
    url: "",
    target: undefined,
    dropped,
    dropTasks(type, times, onDrop) {
      drop = { type, left: times, onDrop };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  const server = http.createServer((req, res) => {
    if (!proxy.target) {
      res.writeHead(503).end();
      return;
    }
    const upstream = http.request(new URL(req.url ?? "/", proxy.target), { method: req.method, headers: req.headers }, (up) => {
      const isPoll = req.method === "POST" && req.url === `${AGENT_API_PREFIX}/poll`;
      if (!isPoll || !drop) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      up.on("data", (c: Buffer) => chunks.push(c));
      up.on("end", () => {
        void (async () => {
          const body = Buffer.concat(chunks);
          const gate = drop;
          let answer = body;
          if (gate && up.statusCode === 200) {
            const parsed = JSON.parse(body.toString()) as { commands: { type: string; taskId?: string }[] };
            const lost = parsed.commands.filter((c) => c.type === gate.type && c.taskId !== undefined);
            if (lost.length > 0) {
              dropped.push(...lost.map((c) => c.taskId!));
              gate.left -= 1;
              if (gate.left <= 0) drop = null;
              await gate.onDrop?.();
              answer = Buffer.from(JSON.stringify({ ...parsed, commands: parsed.commands.filter((c) => !lost.includes(c)) }));
            }
          }
          const headers = { ...up.headers, "content-length": String(answer.length) };
          delete headers["transfer-encoding"];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(answer);
        })().catch(() => res.destroy());
      });
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
