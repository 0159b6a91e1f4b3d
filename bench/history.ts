// `npm run bench:history -- [--updates 200000] [--repeats 7]`: the recurring steps of a bank (submitter step,
// confirmation check, reconciliation run, health) against a bank with a long finished history seeded directly into
// storage (bench/history/seed.ts) and against one without, both with the same work in flight (3 batch transactions
// of 10 updates). Prints per step the storage requests and entities read (counted in the Table clients' pipelines:
// the figures that carry over to Azure) and the median time of each, and their ratio.
import { parseArgs } from "node:util";
import { startAzurite } from "../local/azurite.js";
import { sampleEntry, sampleUpdate } from "../test/support/outboxEntries.js";
import { openBank, steps, tally, wallet, type Bank } from "./history/bank.js";
import { seedHistory } from "./history/seed.js";

const { values } = parseArgs({
  options: { updates: { type: "string", default: "200000" }, repeats: { type: "string", default: "7" } },
});
const UPDATES = Number(values.updates);
const REPEATS = Number(values.repeats);
/** In-flight work starts above every nonce the history used. */
const FIRST_NONCE = Math.ceil(UPDATES / 50) + 10;

let serial = 0;

/** Three batch transactions of ten submitted updates each, in flight. */
async function inFlight(bank: Bank): Promise<void> {
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
  for (const tx of await bank.transactions.unfinished(wallet.address)) {
    await bank.outbox.markFinal(tx.entries.map((e) => ({ updateId: e.updateId, status: "confirmed" as const, at })));
    await bank.transactions.update(tx.address, tx.nonce, { status: "confirmed" });
  }
}

async function measure(bank: Bank, step: () => Promise<unknown>) {
  await inFlight(bank);
  tally.requests = 0;
  tally.entities = 0;
  const started = performance.now();
  await step();
  const ms = performance.now() - started;
  const counts = { ...tally };
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
    await seedHistory(
      {
        outbox: banks.history.outboxTable,
        transactions: banks.history.transactions,
        deliveries: banks.history.deliveries,
      },
      { updates: UPDATES, address: wallet.address, subscriptionId: "partner" },
    );
    console.log(`seeded ${UPDATES} final updates in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
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
