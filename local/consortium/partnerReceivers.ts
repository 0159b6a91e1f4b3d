// Each bank's partner receiver: a small local webhook endpoint standing in for the bank's core system. It verifies
// every delivery with the partner verifier (signature, timestamp, and the commitment against the chain through
// its own node) and logs it. Every issuing bank subscribes every other bank's receiver to its own records
// (`issuers: "self"`), since only the issuer holds a record's full text and salt. A receiver can be made to fail
// (500, no answer, 410, down) and reports every request it got, for the soak's audit.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { verifyDelivery } from "../../lib/partner/verifyDelivery.js";
import { listenForWebhooks, type Answer, type WebhookServer } from "../devStack/webhookReceiver.js";
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
  const servers = new Map<string, WebhookServer>();
  const faults = new Map<string, ReceiverFault>();
  for (const bank of file.banks) {
    const log = logTo(`${bank.name}-receiver`);
    const secrets = () => Object.values(state[bank.name]?.subscriptions ?? {}).map((s) => s.secret);
    const answer = async (request: { body: string; headers: Record<string, string> }): Promise<Answer> => {
      const fault = faults.get(bank.name) ?? "none";
      if (fault === "error-500" || fault === "gone-410") return { status: fault === "gone-410" ? 410 : 500 };
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
      return { status: verdict.ok ? 204 : 400 };
    };
    const server = await listenForWebhooks({
      port: state[bank.name]?.port ?? 0,
      answer,
      onAnswered: ({ headers, body }, status) => {
        for (const listener of requestListeners) listener({ bank: bank.name, at: Date.now(), headers, body, status });
      },
    });
    const { port } = server;
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
    if (before === "timeout" && fault !== "timeout") server.releaseHeld();
    if (fault === "down" && before !== "down") await server.setListening(false);
    if (before === "down" && fault !== "down") await server.setListening(true);
  };
  return {
    delivered,
    onDelivery: (listener) => listeners.push(listener),
    onRequest: (listener) => requestListeners.push(listener),
    setFault,
    subscriptions: () => Object.fromEntries(Object.entries(state).map(([bank, s]) => [bank, s.subscriptions])),
    stop: async () => {
      pool.destroy();
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
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
