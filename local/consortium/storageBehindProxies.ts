// Azurite with its tables in memory, reached through TCP proxies: for runs whose data would outgrow Azurite's disk
// persistence (it saves the whole table database as one JSON string every 5 s; past ~512 MB V8 cannot build the
// string and Azurite dies, and long before that each save stalls every request). A storage fault is then an outage
// at the network (every connection cut and refused for a while, then served again with every row kept), which is
// what an unreachable storage account looks like to the app; stopping an in-memory Azurite would erase it instead.
import { azuriteConnectionString, type Azurite } from "../azurite.js";
import { startTcpProxy } from "../tcpProxy.js";
import type { Supervised } from "./supervisor.js";

/** Wraps a supervised in-memory Azurite: clients get the proxies' URLs; `bounce` is an outage that keeps state. */
export async function behindOutageProxies(inner: Supervised<Azurite>): Promise<Supervised<Azurite>> {
  const first = inner.current();
  const proxies = await Promise.all(
    [first.blobUrl, first.queueUrl, first.tableUrl].map((u) => startTcpProxy(new URL(u).origin)),
  );
  const account = new URL(first.tableUrl).pathname;
  const [blobUrl, queueUrl, tableUrl] = proxies.map((p) => p.url + account) as [string, string, string];
  const urls = { blobUrl, queueUrl, tableUrl };
  let out = false;
  return {
    name: inner.name,
    // The process may have been restarted by its supervisor on the same ports: the proxies still reach it.
    current: () => ({ ...inner.current(), ...urls, connectionString: azuriteConnectionString(urls) }),
    status: () => (out ? { ...inner.status(), state: "down" } : inner.status()),
    bounce: async ({ downForMs = 0 }) => {
      out = true;
      await Promise.all(proxies.map((p) => p.kill()));
      await new Promise((resolve) => setTimeout(resolve, downForMs));
      await Promise.all(proxies.map((p) => p.restore()));
      out = false;
    },
    stop: async () => {
      await Promise.all(proxies.map((p) => p.close()));
      await inner.stop();
    },
  };
}
