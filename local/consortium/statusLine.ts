// The live one-line status of a running consortium: block height, transactions per minute and, per bank, the
// updates waiting in its inbound queue, results waiting for the bank, partner deliveries its receiver verified,
// and whether its host is up (or being restarted by the supervisor, with its restart count), then the shared
// components that are not up or were restarted. Rewritten in place on a terminal; printed every 10 s otherwise (logs, CI).
import type { HostProcess } from "../hostProcess.js";
import type { ConsortiumFile } from "./consortiumFile.js";
import { processAlive, type ComponentStatus } from "./supervisor.js";
import { jsonRpc } from "../jsonRpc.js";

interface QueueCounts {
  name: string;
  active: number;
  deadLetter: number;
}

/** Starts refreshing the status line; returns a function that stops it. */
export function startStatusLine(
  file: ConsortiumFile,
  hosts: ReadonlyMap<string, HostProcess>,
  delivered: ReadonlyMap<string, number>,
  supervision: () => ComponentStatus[] = () => [],
): () => void {
  const tty = process.stdout.isTTY === true;
  const seen: { at: number; txs: number }[] = [];
  let lastBlock = -1;
  let printedAt = 0;
  const refresh = async (): Promise<void> => {
    const head = await jsonRpc<string>(file.chain.rpcUrl, "eth_blockNumber", [])
      .then(Number)
      .catch(() => -1);
    for (let n = Math.max(lastBlock + 1, head - 30); head >= 0 && n <= head; n++) {
      const block = await jsonRpc<{ transactions: string[] } | null>(file.chain.rpcUrl, "eth_getBlockByNumber", [
        "0x" + n.toString(16),
        false,
      ]);
      seen.push({ at: Date.now(), txs: block?.transactions.length ?? 0 });
    }
    if (head >= 0) lastBlock = head;
    while (seen.length > 0 && (seen[0]?.at ?? 0) < Date.now() - 60_000) seen.shift();
    const txPerMinute = seen.reduce((sum, b) => sum + b.txs, 0);
    const queues = await fetch(`${file.serviceBus.inspectionUrl}/queues`)
      .then((r) => r.json() as Promise<QueueCounts[]>)
      .catch(() => [] as QueueCounts[]);
    const count = (queue: string) => queues.find((q) => q.name === queue);
    const components = new Map(supervision().map((c) => [c.name, c]));
    const banks = file.banks.map((bank) => {
      const host = hosts.get(bank.name);
      const up = componentText(components.get(bank.name), host !== undefined && processAlive(host));
      const inbound = count(bank.inboundQueue)?.active ?? "?";
      const results = count(bank.resultsQueue)?.active ?? "?";
      return `${bank.name} ${up} in:${inbound} results:${results} delivered:${delivered.get(bank.name) ?? 0}`;
    });
    const shared = [...components.values()]
      .filter((c) => !file.banks.some((b) => b.name === c.name) && (c.state !== "up" || c.restarts > 0))
      .map((c) => `${c.name} ${componentText(c, true)}`);
    const line = [
      `block ${head < 0 ? "?" : head} | ${txPerMinute} tx/min | ${banks.join(" | ")} | rpc ${head < 0 ? "DOWN" : "ok"}`,
      ...shared,
    ].join(" | ");
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else if (Date.now() - printedAt >= 10_000) {
      printedAt = Date.now();
      console.log(line);
    }
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void refresh().finally(() => (running = false));
  }, 1_000);
  return () => {
    clearInterval(timer);
    if (tty) process.stdout.write("\n");
  };
}

/** "up", "RESTARTING" or "DOWN", with the supervisor's restart count once there was one; a dead process is DOWN. */
export function componentText(status: ComponentStatus | undefined, alive: boolean): string {
  const known = status ? { up: "up", restarting: "RESTARTING", down: "DOWN" }[status.state] : "up";
  const state = known === "up" && !alive ? "DOWN" : known;
  return status && status.restarts > 0 ? `${state} (restarted ${status.restarts}×)` : state;
}
