import net from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. Other engineers' processes share this
 * machine, so callers that can listen on port 0 themselves should do that instead; this is for
 * servers we cannot hand a socket to (PostgreSQL, child processes).
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not determine a free port"))));
    });
  });
}
