// What waits, for the console: the outbox's pending list (keys only, up to a cap; the row key starts with the
// acceptance time, so the first row is the oldest) and each queue's dead-letter sub-queue, peeked up to a cap
// (nothing is locked or removed).
import type { TableClient } from "@azure/data-tables";
import type { ServiceBusClient } from "@azure/service-bus";
import type { Backlog, CappedCount, DeadLetterCount } from "../../ports/console.js";
import { PENDING_PARTITION } from "./outboxRows.js";
import { odata } from "./tableDocuments.js";
import { storageCall } from "./tableSupport.js";

/** Backlog over the pending-list table and Service Bus. */
export class ConsoleBacklog implements Backlog {
  constructor(
    private readonly pendingList: TableClient,
    private readonly serviceBus: ServiceBusClient,
    private readonly queues: readonly string[],
  ) {}

  async pending(limit: number): Promise<CappedCount & { oldestAcceptedAt: string | null }> {
    const filter = `PartitionKey eq ${odata(PENDING_PARTITION)}`;
    const keys: string[] = [];
    await storageCall("count pending", async () => {
      const list = this.pendingList.listEntities({ queryOptions: { filter, select: ["RowKey"] } });
      for await (const page of list.byPage({ maxPageSize: Math.min(limit + 1, 1000) })) {
        keys.push(...page.map((e) => String(e.rowKey)));
        if (keys.length > limit) break;
      }
    });
    const oldest = keys[0] ? Number(keys[0].split("_")[0]) : NaN;
    return {
      count: Math.min(keys.length, limit),
      capped: keys.length > limit,
      oldestAcceptedAt: Number.isFinite(oldest) ? new Date(oldest).toISOString() : null,
    };
  }

  async deadLetters(limit: number): Promise<DeadLetterCount[]> {
    return Promise.all(this.queues.map((queue) => this.deadLettersOf(queue, limit)));
  }

  private async deadLettersOf(queue: string, limit: number): Promise<DeadLetterCount> {
    const receiver = this.serviceBus.createReceiver(queue, { subQueueType: "deadLetter" });
    try {
      const peeked = await receiver.peekMessages(limit + 1);
      return { queue, count: Math.min(peeked.length, limit), capped: peeked.length > limit };
    } catch (error) {
      return { queue, error: error instanceof Error ? error.message.slice(0, 200) : String(error) };
    } finally {
      await receiver.close().catch(() => undefined);
    }
  }
}
