// A bank's distribution side wired with in-memory stores, the real FetchWebhookSender (real HTTP) and a manual
// clock that starts at the real time (receivers check the signed timestamp against their own clock).
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import type { Delivery } from "../../lib/ports/distribution.js";
import { FetchWebhookSender } from "../../lib/adapters/http/fetchWebhookSender.js";
import { ResolvingDestinationGuard } from "../../lib/adapters/http/webhookAddresses.js";
import {
  dispatchDeliveries,
  type DispatchDeps,
  type DispatchResult,
} from "../../lib/distribution/dispatchDeliveries.js";
import { dispatchDelivery } from "../../lib/distribution/dispatchDelivery.js";
import { afterEach } from "vitest";
import type { ChainRecordEvent } from "../../lib/domain/webhookEvents.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { CountingRandom, ManualClock, MemoryOutbox } from "./memoryPorts.js";
import { MemoryDeliveries } from "./memoryDeliveries.js";
import { MemoryDeliveryQueue, MemoryOutboxReader, MemorySecrets, MemorySubscriptions } from "./memoryDistribution.js";
import { startWebhookReceiver, type Reply, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";

/** The address policy of harness tests: receivers listen on loopback, allowed explicitly as locally. */
export const LOCAL_POLICY = { allowPrivateAddresses: true, allowedNetworks: ["127.0.0.0/8", "::1"] };

/** The system resolver, except that names under .example (partners in tests) resolve to a public address. */
export async function exampleResolver(host: string): Promise<LookupAddress[]> {
  if (host.endsWith(".example")) return [{ address: "93.184.215.14", family: 4 }];
  return lookup(host, { all: true });
}

/** This bank's address in harness tests. */
export const OWN_ADDRESS = "0x" + "a1".repeat(20);

/** Builds the harness; the retry schedule is scaled to milliseconds. */
export function distributionHarness(
  overrides: Partial<DispatchDeps["settings"] & { allowHttp: boolean; secretOverlapInMs: number }> = {},
) {
  const outbox = new MemoryOutbox();
  const deps = {
    subscriptions: new MemorySubscriptions(),
    deliveries: new MemoryDeliveries(),
    queue: new MemoryDeliveryQueue(),
    sender: new FetchWebhookSender(LOCAL_POLICY),
    destinations: new ResolvingDestinationGuard(LOCAL_POLICY, exampleResolver),
    secrets: new MemorySecrets(),
    outboxReader: new MemoryOutboxReader(outbox.entries),
    clock: new ManualClock(new Date()),
    random: new CountingRandom(),
    ownAddress: OWN_ADDRESS,
    settings: {
      retryPolicy: {
        scheduleInSeconds: [5, 300, 1800, 7200],
        scale: 0.001,
        jitterRatio: 0.2,
        maxRetryAfterInSeconds: 60,
      },
      attemptTimeoutInMs: 3_000,
      disableAfterInMs: 3_600_000,
      allowHttp: true,
      secretOverlapInMs: 60_000,
      ...overrides,
    },
  };
  return { deps, outboxEntries: outbox };
}

/** The harness deps. */
export type Harness = ReturnType<typeof distributionHarness>["deps"];

/**
 * Runs due jobs, moving the clock to the next scheduled one, until the queue is empty or `maxSteps` ran: one by one,
 * or `batched`, all jobs due at once in one dispatcher batch (as the batch trigger hands them over).
 */
export async function drainQueue(
  deps: Harness,
  maxSteps = 50,
  options: { batched?: boolean } = {},
): Promise<DispatchResult[]> {
  const results: DispatchResult[] = [];
  for (let step = 0; step < maxSteps; step++) {
    const next = deps.queue.nextAt();
    if (!next) return results;
    const wait = next.getTime() - deps.clock.now().getTime();
    if (wait > 0) deps.clock.advance(wait);
    const due = deps.queue.takeDue(deps.clock.now());
    if (options.batched) results.push(...(await dispatchDeliveries(deps, due)));
    else for (const job of due) results.push(await dispatchDelivery(deps, job));
  }
  return results;
}

/** A pending delivery to `sub_1` of event `n`, due `n` seconds after 10:00 (distinct per `n`). */
export function sampleDelivery(n: number, overrides: Partial<Delivery> = {}): Delivery {
  return {
    subscriptionId: "sub_1",
    webhookId: `msg_${n}`,
    event: sampleEvent(n),
    status: "pending",
    createdAt: "2026-11-22T10:00:00.000Z",
    updatedAt: "2026-11-22T10:00:00.000Z",
    attempts: 0,
    retryIndex: 0,
    nextAttemptAt: new Date(Date.parse("2026-11-22T10:00:00.000Z") + n * 1000).toISOString(),
    jobToken: "t",
    ...overrides,
  };
}

/** A record event by `issuer` (distinct per `n`). */
export function sampleEvent(n: number, issuer = OWN_ADDRESS): ChainRecordEvent {
  const hex = (b: number) => "0x" + b.toString(16).padStart(64, "0");
  return {
    type: "credit-record.confirmed",
    subjectKey: hex(1000 + n),
    issuer,
    updateId: hex(2000 + n),
    score: 600,
    scoreModel: "0x" + "46".repeat(5) + "0".repeat(22),
    asOf: String(1_700_000_000_000 + n),
    recordHash: hex(3000 + n),
    txHash: hex(4000 + Math.floor(n / 10)),
    blockNumber: 10 + Math.floor(n / 10),
    blockHash: hex(5000 + Math.floor(n / 10)),
    logIndex: n % 10,
  };
}

/**
 * Real receivers for one test file, closed after each test: `subscribe` starts one verifying with the secret of a
 * new subscription on it; `receivers` takes others the test starts itself.
 */
export function testReceivers() {
  const receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  const subscribe = async (deps: Harness, reply?: (n: number) => Reply, issuers: unknown = "all") => {
    const receiver = await startWebhookReceiver("whsec_placeholder", reply);
    receivers.push(receiver);
    const created = await createSubscription(deps, { url: receiver.url, filter: { issuers } });
    if (!created.ok) throw new Error(created.errors.join());
    receiver.setSecret(created.secret);
    return { receiver, id: created.id, secret: created.secret };
  };
  return { receivers, subscribe };
}
