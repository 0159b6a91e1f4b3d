// `npm run bench:distribution -- [--events 5000] [--per-block 100] [--subscriptions 1]`: the watcher and the
// dispatcher use cases over the real adapters (Azurite tables, the Service Bus emulator's delivery queue, Key Vault
// stand-in secrets) delivering to a local receiver that verifies every webhook. Runs the dispatcher one job per
// invocation (16 concurrent, like the single-message trigger) and prints deliveries/s, storage requests per
// delivery (counted in the Table clients' pipelines) and the CPU of Azurite and the emulator.
import { ServiceBusClient } from "@azure/service-bus";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { FetchWebhookSender } from "../lib/adapters/fetchWebhookSender.js";
import { KeyVaultSecretStore } from "../lib/adapters/keyVaultSecretStore.js";
import { deliveryJobOf, ServiceBusDeliveryQueue } from "../lib/adapters/serviceBusDeliveryQueue.js";
import { TableChainState } from "../lib/adapters/tableChainState.js";
import { TableDeliveryStore } from "../lib/adapters/tableDeliveryStore.js";
import { TableOutboxReader } from "../lib/adapters/tableOutboxReader.js";
import { openTableOutboxStore } from "../lib/adapters/tableOutboxStore.js";
import { TableSubscriptionStore } from "../lib/adapters/tableSubscriptionStore.js";
import { dispatchDelivery, type DispatchDeps } from "../lib/distribution/dispatchDelivery.js";
import { watchChain, type WatchChainDeps } from "../lib/distribution/watchChain.js";
import { DEFAULT_RETRY_POLICY } from "../lib/domain/retrySchedule.js";
import { createSubscription } from "../lib/subscriptions/createSubscription.js";
import { cpuSampler } from "./pipeline/processCpu.js";
import { countedTable, RequestCounter, startBenchStack, type BenchStack } from "./distribution/stack.js";
import { syntheticChain, type SyntheticChain } from "./distribution/syntheticChain.js";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "5000" },
    "per-block": { type: "string", default: "100" },
    subscriptions: { type: "string", default: "1" },
  },
});
const EVENTS = Number(values.events);
const PER_BLOCK = Number(values["per-block"]);
const SUBSCRIPTIONS = Number(values.subscriptions);
const OWN_ADDRESS = "0x" + "a1".repeat(20);
const MODES = ["single"] as const;
type Mode = (typeof MODES)[number];

const clock = { now: () => new Date() };
const random = { bytesHex: (n: number) => "0x" + randomBytes(n).toString("hex") };
const counter = new RequestCounter();

/** Stores for one role (watcher or dispatcher) on the mode's tables, each counted under `role:table`. */
async function stores(stack: BenchStack, prefix: string, role: string) {
  const conn = stack.azurite.connectionString;
  const table = (name: string) => countedTable(conn, `${prefix}${name}`, `${role}:${name}`, counter);
  return {
    subscriptions: new TableSubscriptionStore(await table("subscriptions")),
    deliveries: new TableDeliveryStore(await table("deliveries")),
    chainState: new TableChainState(await table("chainstate")),
    outboxReader: new TableOutboxReader(await table("outbox")),
  };
}

async function run(stack: BenchStack, chain: SyntheticChain, mode: Mode, outboxTable: string) {
  const prefix = `b${mode}${randomBytes(3).toString("hex")}`;
  const sb = new ServiceBusClient(stack.serviceBus.connectionString);
  const queue = new ServiceBusDeliveryQueue(sb.createSender(`delivery-${mode}`));
  const secrets = new KeyVaultSecretStore({ ...stack.vault, clientOptions: stack.vault.clientOptions });
  const watcherStores = await stores(stack, prefix, "watcher");
  const dispatcherStores = await stores(stack, prefix, "dispatcher");
  const outboxReader = new TableOutboxReader(
    await countedTable(stack.azurite.connectionString, outboxTable, "dispatcher:outbox", counter),
  );
  const base = { clock, random, ownAddress: OWN_ADDRESS, queue, secrets };
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    const path = `${mode}-${s}`;
    const deps = {
      ...base,
      subscriptions: watcherStores.subscriptions,
      settings: { allowHttp: true, secretOverlapInMs: 0 },
    };
    const created = await createSubscription(deps, {
      url: `${stack.receiver.url}/${path}`,
      filter: { issuers: "self" },
    });
    if (!created.ok) throw new Error(created.errors.join());
    stack.receiver.secrets.set(path, created.secret);
  }
  const watch: WatchChainDeps = {
    ...base,
    subscriptions: watcherStores.subscriptions,
    deliveries: watcherStores.deliveries,
    ledger: chain.ledger,
    checkpoints: watcherStores.chainState,
    index: watcherStores.chainState,
    settings: { confirmations: 1, startBlock: chain.startBlock, pageSizeInBlocks: 1, maxPagesPerStep: 20 },
  };
  const dispatch: DispatchDeps = {
    ...base,
    subscriptions: dispatcherStores.subscriptions,
    deliveries: dispatcherStores.deliveries,
    sender: new FetchWebhookSender(),
    outboxReader,
    settings: { retryPolicy: DEFAULT_RETRY_POLICY, attemptTimeoutInMs: 10_000, disableAfterInMs: 86_400_000 },
  };
  const expected = EVENTS * SUBSCRIPTIONS;
  const deliveredBefore = stack.receiver.delivered.size;
  counter.reset();
  const cpu = cpuSampler({
    azurite: stack.azurite.child.pid,
    serviceBus: stack.serviceBus.child.pid,
    bench: process.pid,
  });
  const started = performance.now();
  const receiver = sb.createReceiver(`delivery-${mode}`);
  let watcherSeconds = 0;
  const subscription = receiver.subscribe(
    {
      processMessage: async (message) => {
        await dispatchDelivery(dispatch, deliveryJobOf(message));
      },
      processError: async (args) => console.error(`dispatcher: ${args.error.message}`),
    },
    { maxConcurrentCalls: 16 },
  );
  while (!(await watchChain(watch)).caughtUp);
  watcherSeconds = (performance.now() - started) / 1000;
  while (stack.receiver.delivered.size - deliveredBefore < expected) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - started) / 1000;
  const shares = cpu.shares();
  await subscription.close();
  await receiver.close();
  await sb.close();
  const perDelivery = (n: number) => (n / expected).toFixed(2);
  console.log(
    `${mode.padEnd(7)} ${String(Math.round(expected / seconds)).padStart(6)} deliveries/s  (${expected} in ` +
      `${seconds.toFixed(1)} s; watcher done after ${watcherSeconds.toFixed(1)} s)  storage requests per delivery: ` +
      `${perDelivery(counter.total())} (watcher ${perDelivery(counter.total("watcher:"))}, dispatcher ` +
      `${perDelivery(counter.total("dispatcher:"))})  CPU of a core: Azurite ${shares.azurite}, Service Bus ` +
      `${shares.serviceBus}, bench ${shares.bench}`,
  );
  console.log(`        by table: ${[...counter.counts].map(([k, n]) => `${k} ${perDelivery(n)}`).join(", ")}`);
}

const average = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(
  `load average ${average()} on ${cpus().length} cores; ${EVENTS} events, ${PER_BLOCK} per block, ${SUBSCRIPTIONS} subscription(s)`,
);
const stack = await startBenchStack(MODES.map((m) => `delivery-${m}`));
try {
  const chain = syntheticChain(EVENTS, PER_BLOCK, OWN_ADDRESS);
  const outboxTable = `benchoutbox${randomBytes(3).toString("hex")}`;
  const outbox = await openTableOutboxStore(stack.azurite.connectionString, outboxTable);
  for (let i = 0; i < chain.entries.length; i += 50)
    await Promise.all(chain.entries.slice(i, i + 50).map((e) => outbox.add(e)));
  for (const mode of MODES) await run(stack, chain, mode, outboxTable);
  console.log(
    `load average ${average()}; receiver: ${stack.receiver.requests} requests, ${stack.receiver.failedVerifications} failed verification`,
  );
} finally {
  await stack.stop();
}
