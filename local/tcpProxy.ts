// A loopback TCP proxy in front of a real server, so one "endpoint" can be killed, hung or restored mid-run (tests,
// and the soak's storage outages when Azurite keeps its tables in memory).
import net from "node:net";

/** A running proxy; `url` is its http address. */
export interface TcpProxy {
  readonly url: string;
  /** Refuse new connections and cut open ones (a dead node). */
  kill(): Promise<void>;
  /** Accept connections but never answer (a hung node). */
  hang(): void;
  /** Forward again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free 127.0.0.1 port forwarding to `target` (http://host:port). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  let mode: "forward" | "hang" = "forward";
  const handle = (client: net.Socket): void => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "hang") return;
    const upstream = net.connect(Number(targetPort), hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  };
  let server = net.createServer(handle);
  const port = await listen(server, 0);
  const cut = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    kill: cut,
    hang: () => {
      mode = "hang";
    },
    restore: async () => {
      mode = "forward";
      if (!server.listening) {
        server = net.createServer(handle);
        await listen(server, port);
      }
    },
    close: async () => {
      if (server.listening) await cut();
      else for (const socket of sockets) socket.destroy();
    },
  };
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}
