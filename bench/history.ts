// `npm run bench:history -- [--updates 200000] [--repeats 7]`: the recurring steps of a bank (submitter step,
// confirmation check, dispatcher batch, reconciliation run, health) against a bank with a long finished history
// seeded directly into storage (bench/history/seed.ts) and against one without, both with the same work in flight
// (3 batch transactions of 10 updates, 10 deliveries with their jobs). Prints the seeding rate, then per step the
// storage requests and entities read (counted in the Table clients' pipelines: the figures that carry over to
// Azure) and the median time of each, and their ratio; then the same for one point read and one key-range query in
// an outbox partition (the floor: what the storage engine alone pays more with history, whatever the step reads).
import { parseArgs } from "node:util";
import { startAzurite } from "../local/azurite.js";
import type { Delivery } from "../lib/ports/distribution.js";
import { sampleEntry, sampleUpdate } from "../test/support/outboxEntries.js";
import { counter, openBank, steps, wallet, type Bank } from "./history/bank.js";
import { seedHistory } from "./history/seed.js";
import { RECORD_CONFIRMED } from "../lib/domain/webhookEvents.js";

const { values } = parseArgs({
  options: { updates: { type: "string", default: "200000" }, repeats: { type: "string", default: "7" } },
});
const UPDATES = Number(values.updates);
const REPEATS = Number(values.repeats);
/** In-flight work starts above every nonce the history used. */
const FIRST_NONCE = Math.ceil(UPDATES / 50) + 10;

let serial = 0;

/** A pending delivery of a partner's record, due now, with its job. */
function pendingDelivery(n: number): Delivery {
  const hex = (b: number) => "0x" + b.toString(16).padStart(64, "0");
  const at = new Date().toISOString();
  const event: Delivery["event"] = {
    type: RECORD_CONFIRMED,
    subjectKey: hex(n),
    issuer: "0x" + "b2".repeat(20),
    score: 700,
    scoreModel: hex(1),
    asOf: "2026-11-22T10:00:00.000Z",
    recordHash: hex(n + 1),
    updateId: hex(n + 2),
    txHash: hex(n + 3),
    blockNumber: 9,
    blockHash: hex(n + 4),
    logIndex: 0,
  };
  return {
    subscriptionId: "partner",
    webhookId: `msg_inflight_${n}`,
    event,
    status: "pending",
    createdAt: at,
    updatedAt: at,
    attempts: 0,
    retryIndex: 0,
    nextAttemptAt: at,
    jobToken: `job${n}`,
  };
}

/** Three batch transactions of ten submitted updates each, and ten deliveries with their jobs, in flight. */
async function inFlight(bank: Bank): Promise<void> {
  const deliveries = Array.from({ length: 10 }, () => pendingDelivery(serial++));
  await bank.deliveries.addMany(deliveries);
  bank.jobs = deliveries.map((d) => ({ subscriptionId: d.subscriptionId, webhookId: d.webhookId, token: d.jobToken }));
  for (let t = 0; t < 3; t++) {
    const entries = Array.from({ length: 10 }, () =>
      sampleEntry(sampleUpdate(5_000_000 + serial++), new Date().toISOString()),
    );
    await bank.outbox.addMany(entries);
    const { nonce, version } = await bank.transactions.nextNonce(wallet.address);
    const hash = "0x" + String(nonce).padStart(64, "0");
    const batch = entries.map((e) => ({
      updateId: e.updateId,
      updateIdHash: e.updateIdHash,
      subjectKey: e.input.subjectKey,
    }));
    const tx = {
      address: wallet.address,
      nonce,
      hash,
      raw: "0x00",
      entries: batch,
      status: "broadcast" as const,
      createdAt: new Date().toISOString(),
      broadcasts: 1,
    };
    await bank.transactions.commit(tx, version);
    await bank.outbox.markSubmitted(entries, { txHash: hash, nonce, at: new Date().toISOString() });
  }
}

/** Finishes the work in flight, so each repeat starts from the same state. */
async function finish(bank: Bank): Promise<void> {
  const at = new Date().toISOString();
  const read = await Promise.all(bank.jobs.map((job) => bank.deliveries.get(job.subscriptionId, job.webhookId)));
  const open = read.flatMap((r) => (r?.delivery.status === "pending" ? [r.delivery] : []));
  await bank.deliveries.putMany(open.map((d) => ({ ...d, status: "delivered" as const, updatedAt: at })));
  for (const tx of await bank.transactions.unfinished(wallet.address)) {
    await bank.outbox.markFinal(tx.entries.map((e) => ({ updateId: e.updateId, status: "confirmed" as const, at })));
    await bank.transactions.update(tx.address, tx.nonce, { status: "confirmed" });
  }
}

async function measure(bank: Bank, step: () => Promise<unknown>) {
  await inFlight(bank);
  counter.reset();
  const started = performance.now();
  await step();
  const ms = performance.now() - started;
  const counts = { requests: counter.total(), entities: counter.entities };
  await finish(bank);
  return { ms, ...counts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const azurite = await startAzurite();
  try {
    const conn = azurite.connectionString;
    const banks = { empty: await openBank(conn, "empty"), history: await openBank(conn, "hist") };
    const seeding = performance.now();
    const progress = (updates: number) => {
      const seconds = (performance.now() - seeding) / 1000;
      process.stdout.write(`\rseeding: ${updates} updates, ${(updates / seconds).toFixed(0)} updates/s   `);
    };
    const entities = await seedHistory(banks.history.tables, {
      updates: UPDATES,
      address: wallet.address,
      subscriptionId: "partner",
      onProgress: progress,
    });
    const seconds = (performance.now() - seeding) / 1000;
    console.log(
      `\nseeded ${UPDATES} final updates (${entities} entities: outbox rows, final and subject index, transactions, ` +
        `deliveries and attempts) in ${seconds.toFixed(0)} s: ${(UPDATES / seconds).toFixed(0)} updates/s, ` +
        `${(entities / seconds).toFixed(0)} entities/s`,
    );
    for (const bank of Object.values(banks)) {
      await bank.subscriptions.create({
        id: "partner",
        url: "https://partner.example/hook",
        filter: "all",
        state: "active",
        secrets: [{ version: "v1" }],
        createdAt: "2025-01-01T00:00:00.000Z",
        updatedAt: "2025-01-01T00:00:00.000Z",
      });
      await bank.transactions.setNextNonce(wallet.address, FIRST_NONCE, null);
    }
    const rows = [];
    for (const name of Object.keys(steps(banks.empty)) as (keyof ReturnType<typeof steps>)[]) {
      const runs: Record<"empty" | "history", { ms: number; requests: number; entities: number }[]> = {
        empty: [],
        history: [],
      };
      for (let r = 0; r < REPEATS; r++)
        for (const which of r % 2 === 0 ? (["empty", "history"] as const) : (["history", "empty"] as const))
          runs[which].push(await measure(banks[which], steps(banks[which])[name]));
      const [e, h] = [runs.empty, runs.history].map((xs) => ({
        ms: median(xs.map((x) => x.ms)),
        requests: median(xs.map((x) => x.requests)),
        entities: median(xs.map((x) => x.entities)),
      }));
      rows.push({
        step: name,
        "requests empty": e!.requests,
        "requests history": h!.requests,
        "entities empty": e!.entities,
        "entities history": h!.entities,
        "ms empty": +e!.ms.toFixed(1),
        "ms history": +h!.ms.toFixed(1),
        "time ratio": +(h!.ms / e!.ms).toFixed(2),
      });
    }
    console.table(rows);
  } finally {
    await azurite.stop();
  }
}

await main();
