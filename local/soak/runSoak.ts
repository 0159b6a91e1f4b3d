// One soak run: a fresh local consortium behind hostile chain endpoints, a steady mixed load from every bank, faults
// injected at seeded times, a drain, and an audit that reads only what the outside sees (results queues, the chain
// over raw JSON-RPC, the partner receivers' requests). Returns the report; the caller decides what to print.
import { RetryMode, ServiceBusClient } from "@azure/service-bus";
import { keccak256, toUtf8Bytes } from "ethers";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seededRandom } from "../bank/random.js";
import { startConsortium, type RunningConsortium } from "../consortium/startConsortium.js";
import { auditDeliveries } from "./auditDeliveries.js";
import { auditResults } from "./auditResults.js";
import { readChain } from "./chainView.js";
import { observeDelivery, type ObservedDelivery } from "./deliveryObserver.js";
import { drain } from "./drain.js";
import { sampleMemory } from "./memorySampler.js";
import { faultInjector, type InjectedFault } from "./faultInjectors.js";
import { planFaults, type PlannedFault } from "./faultPlan.js";
import { startLoad, type Load } from "./loadGenerator.js";
import { observeResults, type ObservedResult } from "./resultsObserver.js";
import type { SoakOptions } from "./soakOptions.js";
import { soakReport, type SoakReport } from "./soakReport.js";
import { subjectIdFinder } from "./subjectIdFinder.js";
import { reenableSubscriptions } from "./subscriptionAdmin.js";

const BANK_NAMES = ["bank-a", "bank-b", "bank-c", "bank-d", "bank-e", "bank-f", "bank-g", "bank-h"];
const LONG_RUN_IN_MINUTES = 10;

/** Runs the soak and audits it. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const say = options.say ?? (() => {});
  const localDir = options.localDir ?? mkdtempSync(path.join(os.tmpdir(), "creditlink-soak-"));
  const long = options.minutes >= LONG_RUN_IN_MINUTES;
  const consortium = await startConsortium({
    localDir,
    banks: BANK_NAMES.slice(0, options.banks),
    blockTimeInSeconds: options.blockTimeInSeconds,
    gasLimit: 30_000_000,
    fresh: true,
    hostileChain: true,
    // A long run's rows outgrow Azurite's disk persistence (one JSON string of the whole database every 5 s).
    storage: long ? "memory" : "disk",
    say,
    settings: {
      // Retries compressed so a partner down for the run's longest outage is still reached before exhaustion.
      WEBHOOK_RETRY_SCALE: long ? "0.005" : "0.002",
      RECONCILIATION_SCHEDULE: `*/${options.reconcileEverySeconds} * * * * *`,
      // Delivery jobs lost when the bus refused a watcher step's send are re-queued by reconciliation after this.
      RECONCILIATION_LOST_JOB_GRACE_MINUTES: "1",
    },
  });
  // The bank's side retries quickly (the SDK's default is a fixed 30 s), so the soak measures the layer's recovery
  // after a bus restart, not its own reconnection.
  const client = new ServiceBusClient(consortium.file.serviceBus.connectionString, {
    retryOptions: {
      mode: RetryMode.Exponential,
      maxRetries: 5,
      retryDelayInMs: 500,
      maxRetryDelayInMs: 5_000,
      timeoutInMs: 10_000,
    },
  });
  try {
    return await soak(consortium, client, options, localDir, say);
  } finally {
    await client.close().catch(() => {});
    await consortium.stop();
  }
}

async function soak(
  consortium: RunningConsortium,
  client: ServiceBusClient,
  options: SoakOptions,
  localDir: string,
  say: (line: string) => void,
): Promise<SoakReport> {
  const banks = consortium.file.banks;
  const addresses = new Map(banks.map((b) => [b.name, b.address.toLowerCase()]));
  const bankOf = new Map([...addresses].map(([name, address]) => [address, name]));
  const subscriptions = consortium.receivers.subscriptions();
  const secretOf = (receiver: string, issuer: string) => subscriptions[receiver]?.[bankOf.get(issuer) ?? ""]?.secret;
  const deliveries: ObservedDelivery[] = [];
  consortium.receivers.onRequest((request) => {
    const observed = observeDelivery(request, secretOf);
    if (observed) deliveries.push(observed);
  });
  const observer = observeResults(client, banks);
  const memory = sampleMemory(() => consortium.supervision());
  const injector = faultInjector(consortium, say);
  const plan = planFaults(seededRandom(`${options.seed}/faults`), {
    kinds: options.faults,
    banks: banks.map((b) => b.name),
    windowInMs: options.minutes * 60_000,
    meanGapInMs: options.meanFaultGapInSeconds * 1000,
  });
  say(
    `soak: ${options.minutes} min at ${options.ratePerSecond}/s from ${banks.length} banks, ${plan.length} faults, seed ${options.seed}`,
  );
  const load = startLoad({ client, banks, ratePerSecond: options.ratePerSecond, seed: options.seed });
  const loadStartedAt = Date.now();
  const injected = await runFaults(plan, injector.inject, loadStartedAt, options.minutes * 60_000, load);
  const loadEndedAt = Date.now();
  for (const bank of banks) await reenableSubscriptions(consortium, bank.name);
  say("load and faults stopped; draining…");
  const drained = await drain({
    load,
    observer,
    deliveries,
    banks: banks.length,
    timeoutInMs: options.drainTimeoutInSeconds * 1000,
    say,
  });
  await observer.stop();
  memory.stop();
  writeObservations(localDir, load, observer.results, deliveries);
  say("auditing from the outside: results queues, the chain over raw JSON-RPC, the receivers' requests…");
  const deployment = JSON.parse(readFileSync(path.join(localDir, "state", "deployment.json"), "utf8")) as {
    subjectKey: string;
  };
  const chain = await readChain(
    consortium.file.chain.rpcUrl,
    consortium.file.chain.contractAddress,
    subjectIdFinder(load.sent),
  );
  const results = auditResults({
    sent: load.sent,
    results: observer.results,
    chain,
    addresses,
    subjectKeySecret: Buffer.from(deployment.subjectKey.replace(/^0x/, ""), "hex"),
    foreignWrites: injector.foreignWrites,
  });
  const confirmed = new Set(
    [...results.finals].filter(([, f]) => f.status === "confirmed").map(([id]) => keccak256(toUtf8Bytes(id))),
  );
  const delivered = auditDeliveries({
    deliveries,
    receivers: banks.map((b) => b.name),
    records: chain.events.filter((e) => e.name === "RecordUpserted" && confirmed.has(e.updateIdHash)),
    bankOf,
  });
  return soakReport({
    options,
    plan,
    injected,
    load,
    results,
    deliveries: delivered,
    chain,
    drained,
    window: { from: loadStartedAt, to: loadEndedAt },
    foreignWrites: injector.foreignWrites,
    supervision: consortium.supervision(),
    keyVaultCounts: consortium.components.keyVault.operationCounts(),
    memory: memory.summary(),
  });
}

/** Injects every planned fault at its time, stops the load when the window closes, and waits for the faults. */
async function runFaults(
  plan: readonly PlannedFault[],
  inject: (fault: PlannedFault) => Promise<InjectedFault>,
  startedAt: number,
  windowInMs: number,
  load: Load,
): Promise<InjectedFault[]> {
  const running = plan.map(async (fault) => {
    await sleep(startedAt + fault.atMs - Date.now());
    return inject(fault);
  });
  await sleep(startedAt + windowInMs - Date.now());
  await load.stop();
  return Promise.all(running);
}

/** Everything observed, one JSON line each, beside the run's logs: what to read when a violation needs explaining. */
function writeObservations(
  localDir: string,
  load: Load,
  results: readonly ObservedResult[],
  deliveries: readonly ObservedDelivery[],
): void {
  const lines = [
    ...load.sent.map((s) => ({ sent: s.message.messageId, bank: s.bank, label: s.message.label, at: s.sentAt })),
    ...results.map((r) => ({ result: r.result, bank: r.bank, at: r.receivedAt })),
    ...deliveries.map((d) => ({ delivery: d.webhookId, receiver: d.receiver, status: d.status, at: d.at })),
  ];
  writeFileSync(path.join(localDir, "observations.ndjson"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
