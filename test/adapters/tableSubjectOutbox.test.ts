// TableSubjectOutbox on Azurite, what the SubjectOutbox contract in test/ports does not cover: what a lookup reads
// (counted in the Table client's pipeline, as the benchmarks count), and an index row left without its entry.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { outboxKey } from "../../lib/adapters/tables/outboxRows.js";
import { TableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { TableSubjectOutbox } from "../../lib/adapters/tables/tableSubjectOutbox.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import { testStack } from "../stack.js";
import { countedTable, RequestCounter } from "../support/countedTables.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const PARTITIONS = [..."0123456789abcdef"];

/** An outbox on counted tables, and erasure access to it. */
async function countedOutbox() {
  const counter = new RequestCounter();
  const [conn, name] = [testStack().storageConnectionString, `outbox${randomBytes(6).toString("hex")}`];
  const table = await countedTable(conn, name, "outbox", counter);
  const outbox = new TableOutboxStore(table, await countedTable(conn, `${name}pending`, "pending", counter));
  return { counter, table, outbox, subjects: new TableSubjectOutbox(table) };
}

/** Three entries of one subject. */
function oneSubject(): OutboxEntry[] {
  const subject = sampleUpdate(1).subject;
  return [1, 2, 3].map((n) => sampleEntry(sampleUpdate(n, { subject })));
}

describe("TableSubjectOutbox.entriesOf", () => {
  it("reads one key range of the subject index per partition, then the subject's entries, however full the outbox", async () => {
    const { counter, outbox, subjects } = await countedOutbox();
    const mine = oneSubject();
    const key = mine[0]!.input.subjectKey;
    await outbox.addMany(mine);
    const lookup = async () => {
      counter.reset();
      const found = (await subjects.entriesOf(key)).map((e) => e.updateId).sort();
      return { found, requests: counter.total("outbox"), entities: counter.entities, filters: counter.filters.sort() };
    };
    const alone = await lookup();
    await outbox.addMany(Array.from({ length: 2_000 }, (_, n) => sampleEntry(sampleUpdate(10_000 + n))));
    const crowded = await lookup();

    expect(crowded).toEqual(alone);
    expect(alone.found).toEqual(mine.map((e) => e.updateId).sort());
    expect(alone.entities).toBe(2 * mine.length); // an index row and a point read per entry
    expect(alone.requests).toBe(PARTITIONS.length + mine.length);
    expect(alone.filters).toEqual(
      PARTITIONS.map((p) => `PartitionKey eq '${p}' and RowKey ge 'subj~${key}~' and RowKey lt 'subj~${key}~~'`),
    );
  }, 60_000);

  it("skips an index row whose entry is gone", async () => {
    const { table, outbox, subjects } = await countedOutbox();
    const [gone, ...kept] = oneSubject();
    await outbox.addMany([gone!, ...kept]);
    const key = outboxKey(gone!.updateIdHash);
    await table.deleteEntity(key.partitionKey, key.rowKey);
    const found = await subjects.entriesOf(gone!.input.subjectKey);
    expect(found.map((e) => e.updateId).sort()).toEqual(kept.map((e) => e.updateId).sort());
  });
});
