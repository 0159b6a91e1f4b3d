// Each bank's partner receiver: a small local webhook endpoint standing in for the bank's core system. It verifies
// every delivery with the partner verifier (signature, timestamp, and the commitment against the chain through
// its own node) and logs it. Every issuing bank subscribes every other bank's receiver to its own records
// (`issuers: "self"`), since only the issuer holds a record's full text and salt. A receiver can be made to fail
// (500, no answer, 410, down) and reports every request it got, for the soak's audit.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { verifyDelivery } from "../../lib/partner/verifyDelivery.js";
import type { ConsortiumBank, ConsortiumFile } from "./consortiumFile.js";

interface ReceiverState {
  port: number;
  /** By issuing bank: the subscription at the issuer's host that delivers to this receiver. */
  subscriptions: Record<string, ReceiverSubscription>;
}

/** How a receiver misbehaves: answers 500, never answers, answers 410 (Gone), or is not listening at all. */
export type ReceiverFault = "none" | "error-500" | "timeout" | "gone-410" | "down";

/** The subscription at an issuer's host that delivers to a receiver, and its signing secret. */
export interface ReceiverSubscription {
  subscriptionId: string;
  secret: string;
}

/** One request a receiver got, raw, with what it answered (`null`: no answer). */
export interface ReceivedRequest {
  bank: string;
  at: number;
  headers: Record<string, string>;
  body: string;
  status: number | null;
}

/** The running receivers and what they verified. */
export interface PartnerReceivers {
  /** Verified deliveries per bank. */
  readonly delivered: Map<string, number>;
  /** Calls `listener` for every delivery a receiver accepts (the benchmark times deliveries with it). */
  onDelivery(listener: (delivery: AcceptedDelivery) => void): void;
  /** Calls `listener` for every request any receiver answered (or left unanswered). */
  onRequest(listener: (request: ReceivedRequest) => void): void;
  /** Makes `bank`'s receiver misbehave until set back to "none". */
  setFault(bank: string, fault: ReceiverFault): Promise<void>;
  /** By receiving bank, then issuing bank: the subscriptions delivering to each receiver. */
  subscriptions(): Record<string, Record<string, ReceiverSubscription>>;
  stop(): Promise<void>;
}

/** A delivery a bank's receiver verified: the receiving bank and the record's on-chain update id. */
export interface AcceptedDelivery {
  bank: string;
  updateIdHash: string;
}

/** Starts one receiver per bank and makes sure each bank's subscription to the other banks' records exists. */
export async function startPartnerReceivers(
  file: ConsortiumFile,
  stateDir: string,
  logTo: (name: string) => (line: string) => void,
): Promise<PartnerReceivers> {
  const stateFile = path.join(stateDir, "receivers.json");
  const state = (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {}) as Record<
    string,
    ReceiverState
  >;
  const pool = new RpcPool({ urls: [file.chain.rpcUrl], chainId: BigInt(file.chain.chainId), timeoutInMs: 5_000 });
  const registry = new CreditRegistryLedger({
    pool,
    chainId: BigInt(file.chain.chainId),
    contractAddress: file.chain.contractAddress,
    feeStrategy: "zero",
  });
  const delivered = new Map<string, number>();
  const listeners: ((delivery: AcceptedDelivery) => void)[] = [];
  const requestListeners: ((request: ReceivedRequest) => void)[] = [];
  const servers = new Map<string, Server>();
  const faults = new Map<string, ReceiverFault>();
  const held = new Map<string, Set<ServerResponse>>();
  for (const bank of file.banks) {
    const log = logTo(`${bank.name}-receiver`);
    const secrets = () => Object.values(state[bank.name]?.subscriptions ?? {}).map((s) => s.secret);
    const answer = async (request: { body: string; headers: Record<string, string> }): Promise<number | null> => {
      const fault = faults.get(bank.name) ?? "none";
      if (fault === "error-500" || fault === "gone-410") return fault === "gone-410" ? 410 : 500;
      if (fault === "timeout") return null;
      const verdict = await verifyWithAny(request, secrets(), registry);
      if (verdict.ok) {
        delivered.set(bank.name, (delivered.get(bank.name) ?? 0) + 1);
        const updateIdHash = verdict.payload.data.updateId;
        for (const listener of listeners) listener({ bank: bank.name, updateIdHash });
      }
      const outcome = !verdict.ok
        ? `REJECTED ${JSON.stringify(verdict)}`
        : verdict.superseded
          ? "verified (the issuer has written a newer record since)"
          : "verified";
      log(`${new Date().toISOString()} ${request.headers["webhook-id"] ?? "?"} ${outcome}`);
      return verdict.ok ? 204 : 400;
    };
    const waiting = new Set<ServerResponse>();
    held.set(bank.name, waiting);
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        void answer({ body, headers }).then((status) => {
          for (const listener of requestListeners) listener({ bank: bank.name, at: Date.now(), headers, body, status });
          if (status === null) waiting.add(response);
          else response.writeHead(status).end();
        });
      });
    });
    const port = await listen(server, state[bank.name]?.port ?? 0);
    servers.set(bank.name, server);
    const previous = state[bank.name]?.port === port ? (state[bank.name]?.subscriptions ?? {}) : {};
    const subscriptions: ReceiverState["subscriptions"] = {};
    for (const issuer of file.banks.filter((b) => b.name !== bank.name)) {
      subscriptions[issuer.name] = await ensureSubscription(
        issuer,
        `http://127.0.0.1:${port}/webhooks`,
        previous[issuer.name],
      );
    }
    state[bank.name] = { port, subscriptions };
  }
  writeFileSync(stateFile, JSON.stringify(state, null, 2) + "\n");
  const setFault = async (bank: string, fault: ReceiverFault): Promise<void> => {
    const server = servers.get(bank);
    if (!server) throw new Error(`no receiver for ${bank}`);
    const before = faults.get(bank) ?? "none";
    faults.set(bank, fault);
    if (before === "timeout" && fault !== "timeout") release(held.get(bank));
    if (fault === "down" && before !== "down") await close(server);
    if (before === "down" && fault !== "down") await listenOn(server, state[bank]?.port ?? 0);
  };
  return {
    delivered,
    onDelivery: (listener) => listeners.push(listener),
    onRequest: (listener) => requestListeners.push(listener),
    setFault,
    subscriptions: () => Object.fromEntries(Object.entries(state).map(([bank, s]) => [bank, s.subscriptions])),
    stop: async () => {
      pool.destroy();
      for (const waiting of held.values()) release(waiting);
      await Promise.all([...servers.values()].map((s) => close(s)));
    },
  };
}

/** Ends the unanswered requests a "timeout" receiver held (the sender gave up on them long ago). */
function release(waiting: Set<ServerResponse> | undefined): void {
  for (const response of waiting ?? []) response.destroy();
  waiting?.clear();
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function listenOn(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** The issuer's subscription for a receiver: kept while it still exists, created otherwise. */
async function ensureSubscription(
  issuer: ConsortiumBank,
  url: string,
  known: { subscriptionId: string; secret: string } | undefined,
): Promise<{ subscriptionId: string; secret: string }> {
  const api = (route: string, init: RequestInit = {}) =>
    fetch(`${issuer.hostUrl}/api/${route}`, {
      ...init,
      headers: { "x-functions-key": issuer.adminKey, "content-type": "application/json" },
    });
  if (known && (await api(`subscriptions/${known.subscriptionId}`)).status === 200) return known;
  const response = await api("subscriptions", {
    method: "POST",
    body: JSON.stringify({ url, filter: { issuers: "self" } }),
  });
  if (response.status !== 201)
    throw new Error(
      `${issuer.name}: creating a partner subscription answered ${response.status}: ${await response.text()}`,
    );
  const created = (await response.json()) as { id: string; secret: string };
  return { subscriptionId: created.id, secret: created.secret };
}

/** Verifies with each known secret (one per issuing bank) until one signature matches. */
async function verifyWithAny(
  request: { body: string; headers: Record<string, string> },
  secrets: readonly string[],
  registry: CreditRegistryLedger,
): ReturnType<typeof verifyDelivery> {
  let verdict: Awaited<ReturnType<typeof verifyDelivery>> = {
    ok: false,
    reason: "signature",
    detail: "no subscription secret known",
  };
  for (const secret of secrets) {
    verdict = await verifyDelivery(request, { secret, registry });
    if (verdict.ok || verdict.reason !== "signature") return verdict;
  }
  return verdict;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && port !== 0) resolve(listen(server, 0));
      else reject(error);
    });
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}
