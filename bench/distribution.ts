// `npm run bench:distribution -- [--events 5000] [--per-block 100] [--subscriptions 1] [--modes batch,single]`:
// the watcher and the dispatcher use cases over the real adapters (Azurite tables, the Service Bus emulator's
// delivery queue, Key Vault stand-in secrets) delivering to a local receiver that verifies every webhook. Runs the
// dispatcher as the batch trigger does (batches of up to 100 jobs, one batch at a time) and, as the baseline, one
// job per invocation (16 concurrent, like a single-message trigger), each mode on fresh tables and its own queue,
// and prints deliveries/s, storage requests per delivery (counted in the Table clients' pipelines), Service Bus
// sends per delivery, and the CPU of Azurite and the emulator. The watcher reads one 100-event block per page.
import { ServiceBusClient, type ServiceBusReceiver } from "@azure/service-bus";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { ResolvingDestinationGuard } from "../lib/adapters/http/webhookAddresses.js";
import { FetchWebhookSender } from "../lib/adapters/http/fetchWebhookSender.js";
import { KeyVaultSecretStore } from "../lib/adapters/keyvault/keyVaultSecretStore.js";
import { deliveryJobOf, ServiceBusDeliveryQueue } from "../lib/adapters/servicebus/serviceBusDeliveryQueue.js";
import { TableChainState } from "../lib/adapters/tables/tableChainState.js";
import { TableDeliveryStore } from "../lib/adapters/tables/tableDeliveryStore.js";
import { TableOutboxReader } from "../lib/adapters/tables/tableOutboxReader.js";
import { openTableOutboxStore } from "../lib/adapters/tables/tableOutboxStore.js";
import { TableSubscriptionStore } from "../lib/adapters/tables/tableSubscriptionStore.js";
import { dispatchDeliveries, type DispatchDeps } from "../lib/distribution/dispatchDeliveries.js";
import { dispatchDelivery } from "../lib/distribution/dispatchDelivery.js";
import { watchChain, type WatchChainDeps } from "../lib/distribution/watchChain.js";
import type { DeliveryQueue } from "../lib/ports/distribution.js";
import { DEFAULT_RETRY_POLICY } from "../lib/domain/retrySchedule.js";
import { createSubscription } from "../lib/subscriptions/createSubscription.js";
import { cpuSampler } from "./pipeline/processCpu.js";
import { countedTable, RequestCounter } from "../test/support/countedTables.js";
import { startBenchStack, type BenchStack } from "./distribution/stack.js";
import { syntheticChain, type SyntheticChain } from "./distribution/syntheticChain.js";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "5000" },
    "per-block": { type: "string", default: "100" },
    subscriptions: { type: "string", default: "1" },
    modes: { type: "string", default: "batch,single" },
  },
});
const EVENTS = Number(values.events);
const PER_BLOCK = Number(values["per-block"]);
const SUBSCRIPTIONS = Number(values.subscriptions);
const MODES = values.modes.split(",") as Mode[];
type Mode = "batch" | "single";
/** Jobs per dispatcher invocation in batch mode (host.json maxMessageBatchSize). */
const BATCH_SIZE = 100;
/** Concurrent invocations in single mode (host.json maxConcurrentCalls). */
const SINGLE_CONCURRENCY = 16;
const OWN_ADDRESS = "0x" + "a1".repeat(20);

const clock = { now: () => new Date() };
const random = { bytesHex: (n: number) => "0x" + randomBytes(n).toString("hex") };
const counter = new RequestCounter();
const sends = { calls: 0, jobs: 0 };
/** The bench receiver listens on loopback, allowed explicitly as in the local consortium. */
const LOOPBACK_ALLOWED = { allowPrivateAddresses: false, allowedNetworks: ["127.0.0.0/8", "::1"] };

/** The ports of one role (watcher or dispatcher) on a mode's tables, each table's requests counted under `role:`. */
async function ports(stack: BenchStack, prefix: string, role: string, outboxTable: string) {
  const conn = stack.azurite.connectionString;
  const table = (name: string, full = `${prefix}${name}`) => countedTable(conn, full, `${role}:${name}`, counter);
  return {
    subscriptions: new TableSubscriptionStore(await table("subscriptions")),
    deliveries: new TableDeliveryStore(await table("deliveries")),
    chainState: new TableChainState(await table("chainstate")),
    outboxReader: new TableOutboxReader(await table("outbox", outboxTable)),
  };
}

/** The delivery queue, counting its sends. */
function countedQueue(inner: DeliveryQueue): DeliveryQueue {
  return {
    scheduleMany: (jobs) => {
      sends.calls += jobs.length > 0 ? 1 : 0;
      sends.jobs += jobs.length;
      return inner.scheduleMany(jobs);
    },
  };
}

/** Runs the dispatcher on `receiver` the way `mode` says until stopped. */
function startDispatcher(mode: Mode, receiver: ServiceBusReceiver, deps: DispatchDeps): () => Promise<void> {
  let stopped = false;
  if (mode === "single") {
    const subscription = receiver.subscribe(
      {
        processMessage: async (message) => void (await dispatchDelivery(deps, deliveryJobOf(message))),
        processError: async (args) => void (stopped || console.error(`dispatcher: ${args.error.message}`)),
      },
      { maxConcurrentCalls: SINGLE_CONCURRENCY },
    );
    return () => {
      stopped = true;
      return subscription.close();
    };
  }
  const loop = (async () => {
    while (!stopped) {
      const messages = await receiver.receiveMessages(BATCH_SIZE, { maxWaitTimeInMs: 200 });
      if (messages.length === 0) continue;
      await dispatchDeliveries(deps, messages.map(deliveryJobOf));
      await Promise.all(messages.map((m) => receiver.completeMessage(m)));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

async function run(stack: BenchStack, chain: SyntheticChain, mode: Mode, outboxTable: string): Promise<void> {
  const prefix = `b${mode}${randomBytes(3).toString("hex")}`;
  const sb = new ServiceBusClient(stack.serviceBus.connectionString);
  const queue = countedQueue(new ServiceBusDeliveryQueue(sb.createSender(`delivery-${mode}`)));
  const secrets = new KeyVaultSecretStore({ ...stack.vault, clientOptions: stack.vault.clientOptions });
  const watcher = await ports(stack, prefix, "watcher", outboxTable);
  const dispatcher = await ports(stack, prefix, "dispatcher", outboxTable);
  const base = { clock, random, ownAddress: OWN_ADDRESS, queue, secrets };
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    const path = `${mode}-${s}`;
    const admin = {
      ...base,
      subscriptions: watcher.subscriptions,
      destinations: new ResolvingDestinationGuard(LOOPBACK_ALLOWED),
      settings: { allowHttp: true, secretOverlapInMs: 0 },
    };
    const created = await createSubscription(admin, {
      url: `${stack.receiver.url}/${path}`,
      filter: { issuers: "self" },
    });
    if (!created.ok) throw new Error(created.errors.join());
    stack.receiver.secrets.set(path, created.secret);
  }
  const watch: WatchChainDeps = {
    ...base,
    ...watcher,
    ledger: chain.ledger,
    checkpoints: watcher.chainState,
    index: watcher.chainState,
    settings: { confirmations: 1, startBlock: chain.startBlock, pageSizeInBlocks: 1, maxPagesPerStep: 20 },
  };
  const dispatch: DispatchDeps = {
    ...base,
    ...dispatcher,
    sender: new FetchWebhookSender(LOOPBACK_ALLOWED),
    settings: { retryPolicy: DEFAULT_RETRY_POLICY, attemptTimeoutInMs: 10_000, disableAfterInMs: 86_400_000 },
  };
  const expected = EVENTS * SUBSCRIPTIONS;
  const deliveredBefore = stack.receiver.delivered.size;
  counter.reset();
  Object.assign(sends, { calls: 0, jobs: 0 });
  const cpu = cpuSampler({
    azurite: stack.azurite.child.pid,
    serviceBus: stack.serviceBus.child.pid,
    bench: process.pid,
  });
  const started = performance.now();
  const receiver = sb.createReceiver(`delivery-${mode}`);
  const stop = startDispatcher(mode, receiver, dispatch);
  while (!(await watchChain(watch)).caughtUp);
  const watcherSeconds = (performance.now() - started) / 1000;
  while (stack.receiver.delivered.size - deliveredBefore < expected) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - started) / 1000;
  const shares = cpu.shares();
  await stop();
  await receiver.close();
  await sb.close();
  report(mode, { expected, seconds, watcherSeconds, shares });
}

function report(
  mode: Mode,
  r: { expected: number; seconds: number; watcherSeconds: number; shares: Record<string, number | null> },
): void {
  const per = (n: number) => (n / r.expected).toFixed(2);
  console.log(
    `${mode.padEnd(7)} ${String(Math.round(r.expected / r.seconds)).padStart(6)} deliveries/s  (${r.expected} in ` +
      `${r.seconds.toFixed(1)} s; watcher caught up after ${r.watcherSeconds.toFixed(1)} s)\n` +
      `        storage requests per delivery ${per(counter.total())} (watcher ${per(counter.total("watcher:"))}, ` +
      `dispatcher ${per(counter.total("dispatcher:"))}); Service Bus sends per delivery ${per(sends.calls)} ` +
      `(${sends.jobs} jobs)\n        CPU, share of a core: Azurite ${r.shares.azurite}, Service Bus ` +
      `${r.shares.serviceBus}, bench (watcher, dispatcher, receiver) ${r.shares.bench}`,
  );
  console.log(`        per table: ${[...counter.counts].map(([k, n]) => `${k} ${per(n)}`).join(", ")}`);
}

const average = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(
  `load average ${average()} on ${cpus().length} cores; ${EVENTS} events, ${PER_BLOCK} per block, ` +
    `${SUBSCRIPTIONS} subscription(s)`,
);
const stack = await startBenchStack(MODES.map((m) => `delivery-${m}`));
try {
  const chain = syntheticChain(EVENTS, PER_BLOCK, OWN_ADDRESS);
  const outboxTable = `benchoutbox${randomBytes(3).toString("hex")}`;
  const outbox = await openTableOutboxStore(stack.azurite.connectionString, outboxTable);
  for (let i = 0; i < chain.entries.length; i += 50) {
    await Promise.all(chain.entries.slice(i, i + 50).map((e) => outbox.add(e)));
  }
  for (const mode of MODES) {
    await run(stack, chain, mode, outboxTable);
    console.log(`load average ${average()}`);
  }
  const { receiver } = stack;
  console.log(`receiver: ${receiver.requests} requests, ${receiver.failedVerifications} failed verification`);
} finally {
  await stack.stop();
}
