// One bank's stores over Azurite for the history benchmark, every Table client counting the requests it sends and
// the entities the service returns (test/support/countedTables.ts), and the steps measured (submitter step,
// confirmation check, dispatcher batch, reconciliation run, health) over those stores with a stand-in chain and
// webhook receiver.
import type { TableClient } from "@azure/data-tables";
import { Wallet } from "ethers";
import { TableChainState } from "../../lib/adapters/tables/tableChainState.js";
import { TableDeliveryStore } from "../../lib/adapters/tables/tableDeliveryStore.js";
import { TableOutboxReader } from "../../lib/adapters/tables/tableOutboxReader.js";
import { TableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { TableReportStore } from "../../lib/adapters/tables/tableReportStore.js";
import { TableSubscriptionStore } from "../../lib/adapters/tables/tableSubscriptionStore.js";
import { TableTransactionStore } from "../../lib/adapters/tables/tableTransactionStore.js";
import { probeTable } from "../../lib/adapters/tables/storageCheck.js";
import { dispatchDeliveries, type DispatchDeps } from "../../lib/distribution/dispatchDeliveries.js";
import type { DeliveryJob } from "../../lib/ports/distribution.js";
import { DEFAULT_RETRY_POLICY } from "../../lib/domain/retrySchedule.js";
import { getHealth } from "../../lib/readApi/getHealth.js";
import { runReconciliation, type ReconciliationDeps } from "../../lib/reconciliation/runReconciliation.js";
import { confirmTransaction } from "../../lib/submission/confirmTransaction.js";
import { submitNextBatch, type SubmitDeps } from "../../lib/submission/submitNextBatch.js";
import { countedTable, RequestCounter } from "../../test/support/countedTables.js";
import { indexFilter, outboxKey } from "../../lib/adapters/tables/outboxRows.js";

/** An outbox row no bank holds, in the partition its key puts it in. */
const ABSENT = outboxKey("0x0" + "f".repeat(63));

/** Requests and entities read by every bank's stores, since the last reset. */
export const counter = new RequestCounter();

/** A bank's stores on tables named `<prefix>…`, and the raw tables the seeding writes to. */
export async function openBank(connection: string, prefix: string) {
  const t = (name: string): Promise<TableClient> => countedTable(connection, `${prefix}${name}`, name, counter);
  const [outbox, pending, transactions, deliveries, subscriptions, chain, reports] = await Promise.all(
    ["outbox", "outboxpending", "transactions", "deliveries", "subscriptions", "chainstate", "reports"].map(t),
  );
  return {
    tables: { outbox: outbox!, transactions: transactions!, deliveries: deliveries! },
    outbox: new TableOutboxStore(outbox!, pending!),
    outboxReader: new TableOutboxReader(outbox!),
    transactions: new TableTransactionStore(transactions!),
    deliveries: new TableDeliveryStore(deliveries!),
    subscriptions: new TableSubscriptionStore(subscriptions!),
    checkpoints: new TableChainState(chain!),
    reports: new TableReportStore(reports!),
    /** The delivery jobs in flight, for the dispatcher batch. */
    jobs: [] as DeliveryJob[],
  };
}

export type Bank = Awaited<ReturnType<typeof openBank>>;

/** The signing key of every bank in the benchmark. */
export const wallet = Wallet.createRandom();

/** A chain that answers every record absent. */
function standInLedger() {
  return {
    chainId: 31337n,
    contractAddress: "0x" + "c0".repeat(20),
    getRecord: async () => null,
    blockNumber: async () => 10,
  };
}

/** A ledger writer that finds every transaction in flight still unmined and cannot prepare a new one. */
function standInWriter(bank: Bank) {
  return {
    account: async () => wallet.address,
    recordsPerBatch: 50,
    prepare: () => Promise.reject(new Error("no")),
    prepareFiller: () => Promise.reject(new Error("no")),
    slotsUsed: async () => (await bank.transactions.nextNonce(wallet.address)).nonce,
    track: async () => ({ headBlock: 10, receipt: null, minedNonce: 0 }),
    submit: async () => undefined,
  };
}

/** The steps measured, each run once. */
export function steps(bank: Bank) {
  const clock = { now: () => new Date() };
  const ledger = standInLedger();
  const signer = { getAddress: async () => wallet.address, signTransaction: () => Promise.reject(new Error("no")) };
  const writer = standInWriter(bank);
  const common = {
    ...bank,
    clock,
    ledger,
    signer,
    writer,
    ownAddress: wallet.address,
    results: { publish: async () => {} },
  };
  const settings = {
    batch: { gasBudget: 15_000_000n, maxRecords: 50, maxCalldataBytes: 120_000 },
    confirmations: 1,
    rebroadcastEveryChecks: 5,
    acceptedOlderThanInMs: 600_000,
    submittedOlderThanInMs: 1_800_000,
    scanLimit: 5_000,
    confirmedLookbackInMs: 86_400_000,
    historyPerRun: 500,
    lostJobGraceInMs: 900_000,
    startBlock: 0,
    pageSizeInBlocks: 2_000,
    maxBlocksPerRun: 50_000,
    reportRetentionInMs: 30 * 86_400_000,
    timeBudgetInMs: 240_000,
    retryPolicy: DEFAULT_RETRY_POLICY,
    attemptTimeoutInMs: 5_000,
    disableAfterInMs: 5 * 86_400_000,
  };
  const random = { bytesHex: (n: number) => "0x" + "11".repeat(n) };
  const queue = { scheduleMany: async () => {} };
  const sender = { send: async () => ({ kind: "response" as const, status: 200, durationInMs: 1 }) };
  const secrets = { get: async () => "whsec_" + Buffer.alloc(32, 7).toString("base64"), set: async () => "v1" };
  const deps = { ...common, settings, random, queue, sender, secrets };
  return {
    "submitter step": () => submitNextBatch(deps as unknown as SubmitDeps),
    "confirmation check": async () => {
      const [tx] = await bank.transactions.unfinished(wallet.address);
      await confirmTransaction(deps as never, { address: wallet.address, nonce: tx!.nonce, check: 1 });
    },
    "dispatcher batch": () => dispatchDeliveries(deps as unknown as DispatchDeps, bank.jobs),
    "reconciliation run": () => runReconciliation(deps as unknown as ReconciliationDeps),
    health: () =>
      getHealth({
        probe: { probe: async () => [{ url: "stand-in", ok: true, blockNumber: 10, peers: 3, latencyInMs: 1 }] },
        // storageCheck's read, on the counted client.
        checks: [{ name: "storage", requiredForWrites: true, check: () => probeTable(bank.tables.outbox) }],
        settings: { maxLagInBlocks: 5, minPeers: 1, feeStrategy: "zero", checkTimeoutInMs: 5_000 },
      }),
    // Not steps: the storage engine's own cost, with and without history, of one point read in an outbox partition
    // (of an absent row, as ingest's duplicate check reads) and of one key-range query in it (an empty index range,
    // as the steps read their indexes): the floor under every step's time.
    "floor: point read": () =>
      bank.tables.outbox.getEntity(ABSENT.partitionKey, ABSENT.rowKey).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      }),
    "floor: range query": () =>
      bank.tables.outbox.listEntities({ queryOptions: { filter: indexFilter(ABSENT.partitionKey, "open") } }).next(),
  };
}
