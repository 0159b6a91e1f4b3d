// Property-based: every message the published schema accepts can be stored, read back equal, encoded for
// `upsertBatch` and accepted by the contract; every other message is rejected naming a field. The generator works
// from the edges of each field (dates at the bounds, leap seconds, offsets, unicode, maximum lengths, numeric-looking
// strings, strings ending in `n`). FUZZ_RUNS sets the case count (10,000 by default).
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { outboxRow, readOutboxRow } from "../../lib/adapters/tables/outboxRows.js";
import { registryInterface } from "../../lib/adapters/evm/registryEvents.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { entityProblem } from "../../lib/adapters/tables/tableLimits.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { canonicalJson } from "../../lib/domain/commitment.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import { screenMessage } from "../../lib/submission/screenMessage.js";
import { testStack } from "../stack.js";
import { deployRegistry, freshWallet, testProvider } from "../support/chain.js";
import { CountingRandom, ManualClock } from "../support/memoryPorts.js";
import { creditUpdateBodies } from "./creditUpdateArbitraries.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 10_000);
const NOW = new Date("2026-12-04T12:00:00Z");
const deps = {
  clock: new ManualClock(NOW),
  random: new CountingRandom(),
  settings: { scoreRange: { min: 0, max: 1000 }, subjectKeySecret: new Uint8Array(32).fill(7) },
};
/** Field paths a rejection may name: the schema's fields, their items and attributes, the message id, the body. */
const FIELD =
  /^(\(body\)|messageId|schemaVersion|updateId|score|scoreModel|asOf|subject(\.\w+)?|reasonCodes(\.\d+)?|attributes(\..+)?|[^.]+)$/;

describe("every update the schema accepts is storable, encodable and accepted by the contract", () => {
  const accepted: OutboxEntry[] = [];
  const pools: RpcPool[] = [];
  afterAll(() => pools.forEach((p) => p.destroy()));

  it(`holds for ${RUNS} generated messages`, () => {
    let rejected = 0;
    fc.assert(
      fc.property(creditUpdateBodies(NOW), ({ body, messageId }) => {
        const screened = screenMessage(deps, { body, messageId }, NOW.toISOString());
        if (!screened.ok) {
          rejected++;
          expect(screened.errors.length).toBeGreaterThan(0);
          for (const error of screened.errors) expect(error.field).toMatch(FIELD);
          return;
        }
        const { entry } = screened;
        const row = outboxRow(entry);
        expect(entityProblem(onTheWire(row))).toBeNull();
        expect(readOutboxRow(row)).toEqual(entry);
        expect(canonicalJson(readOutboxRow(row).record)).toBe(canonicalJson(entry.record));
        const data = registryInterface.encodeFunctionData("upsertBatch", [[entry.input]]);
        const [[decoded]] = registryInterface.decodeFunctionData("upsertBatch", data) as unknown as [[unknown[]]];
        expect(decoded?.[3]).toBe(entry.input.asOf);
        if (accepted.length < 400) accepted.push(entry);
      }),
      { numRuns: RUNS },
    );
    console.info(
      `fuzz: ${RUNS} messages, ${RUNS - rejected} accepted and round-tripped, ${rejected} rejected by field`,
    );
    // Both sides of the line must be exercised, or the generator has drifted off the edges.
    expect(rejected).toBeGreaterThan(RUNS / 20);
    expect(RUNS - rejected).toBeGreaterThan(RUNS / 4);
  }, 120_000);

  it("stores a sample of them on Azurite and reads each back equal", async () => {
    const outbox = await openTableOutboxStore(
      testStack().storageConnectionString,
      `fuzz${randomBytes(6).toString("hex")}`,
    );
    const distinct = [...new Map(accepted.map((e) => [e.updateId, e])).values()];
    const results = await outbox.addMany(distinct);
    expect(results.every((r) => r.created)).toBe(true);
    for (const entry of distinct) expect(await outbox.get(entry.updateId)).toEqual(entry);
  }, 60_000);

  it("has the contract accept them, a hundred at a time (eth_call as a member)", async () => {
    const provider = testProvider();
    const member = freshWallet(provider);
    const contractAddress = await deployRegistry(freshWallet(provider), [member.address]);
    const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 10_000 });
    pools.push(pool);
    const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
    for (let i = 0; i < accepted.length; i += 100) {
      const records = accepted.slice(i, i + 100).map((e) => e.input);
      expect(await ledger.simulateCall(member.address, ledger.encodeUpsertBatch(records))).toEqual({ ok: true });
    }
  }, 60_000);
});

/** A row as the SDK serialises it: binary properties as base64 with their type annotation. */
function onTheWire(row: Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    const key = name === "partitionKey" ? "PartitionKey" : name === "rowKey" ? "RowKey" : name;
    if (value instanceof Uint8Array) {
      wire[key] = Buffer.from(value).toString("base64");
      wire[`${key}@odata.type`] = "Edm.Binary";
    } else wire[key] = value;
  }
  return wire;
}
