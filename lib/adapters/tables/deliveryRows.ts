// The deliveries table's row layout, owned here and nowhere else (the store and the benchmark's seeding build rows
// with these functions). Each subscription's rows spread over 16 partitions so no partition holds more than a
// sixteenth of them (point operations stay cheap: in Azurite each one scans its partition, and in Azure a
// partition's ~2,000 entities/s target is shared by fewer rows):
//   PartitionKey `<subscription id>~<h>`   h = the first hex digit of sha256(webhook id)
//   RowKey `d~<webhook id>`                a delivery: its JSON document plus `status`, `due` and `updatedAt` columns
//   RowKey `a~<webhook id>~<attempt>`      one logged attempt (attempt number zero-padded to 6 digits)
//   RowKey `i~<webhook id>`                index: the delivery is pending or exhausted (`state` and `due` columns)
// A delivery, its attempts and its index row share a partition, so a state change, its attempt row and its index
// row go in one entity-group transaction; the index range holds only what is in flight or awaits replay, so the
// overdue query and the exhausted count never read delivered history. Every way to delivered or held starts from
// pending or exhausted, so deleting the index row then finds it (the store handles the exception).
import { createHash } from "node:crypto";
import type { TransactionAction } from "@azure/data-tables";
import type { Delivery, DeliveryAttempt } from "../../ports/distribution.js";
import { storedWebhookEvent } from "../../domain/webhookEvents.js";
import { docRow, odata, safeKey } from "./tableDocuments.js";

/** Row-key prefix of the index of pending and exhausted deliveries. */
export const INDEX = "i~";

const BUCKETS = [..."0123456789abcdef"];

/** The partition of a delivery (and of its attempts and index rows). */
export function partitionOf(subscriptionId: string, webhookId: string): string {
  const bucket = createHash("sha256").update(webhookId).digest("hex").slice(0, 1);
  return `${safeKey(subscriptionId)}~${bucket}`;
}

/** The 16 partitions of a subscription. */
export function partitionsOf(subscriptionId: string): string[] {
  return BUCKETS.map((bucket) => `${safeKey(subscriptionId)}~${bucket}`);
}

/** The row key of a delivery. */
export function deliveryKey(webhookId: string): string {
  return `d~${safeKey(webhookId)}`;
}

/** When a delivery is due: its next attempt, or its creation. */
export function due(delivery: Delivery): string {
  return delivery.nextAttemptAt ?? delivery.createdAt;
}

/** The delivery row: its document and the columns queries filter on. */
export function deliveryRow(delivery: Delivery): ReturnType<typeof docRow> {
  const key = { partitionKey: partitionOf(delivery.subscriptionId, delivery.webhookId), rowKey: "" };
  return docRow({ ...key, rowKey: deliveryKey(delivery.webhookId) }, delivery, {
    status: delivery.status,
    due: due(delivery),
    updatedAt: delivery.updatedAt,
  });
}

/**
 * The index write that goes with storing `delivery`: an upsert of its index row while it is pending or exhausted,
 * else, unless the delivery is new, a delete (which fails when the row is absent; the store then leaves it out).
 */
export function indexActions(delivery: Delivery, created: boolean): TransactionAction[] {
  const key = { partitionKey: partitionOf(delivery.subscriptionId, delivery.webhookId), rowKey: indexKey(delivery) };
  if (delivery.status === "pending" || delivery.status === "exhausted") {
    return [["upsert", { ...key, state: delivery.status, due: due(delivery) }, "Replace"]];
  }
  return created ? [] : [["delete", key]];
}

/** The row key of a delivery's index row. */
export function indexKey(delivery: Pick<Delivery, "webhookId">): string {
  return `${INDEX}${safeKey(delivery.webhookId)}`;
}

/** The row of one logged attempt. */
export function attemptRow(attempt: DeliveryAttempt): ReturnType<typeof docRow> {
  const partitionKey = partitionOf(attempt.subscriptionId, attempt.webhookId);
  return docRow({ partitionKey, rowKey: attemptKey(attempt.webhookId, attempt.attempt) }, attempt);
}

/** The row key of attempt `n` of a delivery. */
export function attemptKey(webhookId: string, n: number): string {
  return `a~${safeKey(webhookId)}~${String(n).padStart(6, "0")}`;
}

/** A filter for the rows of `partition` whose row key starts with `prefix`, and `extra` if given. */
export function rangeFilter(partition: string, prefix: string, extra?: string): string {
  const range = `PartitionKey eq ${odata(partition)} and RowKey gt ${odata(prefix)} and RowKey lt ${odata(`${prefix}~`)}`;
  return extra ? `${range} and ${extra}` : range;
}

/** The webhook id an index row is for. */
export function indexedWebhookId(rowKey: string): string {
  return rowKey.slice(INDEX.length);
}

/** A delivery as read from its row's document (an event stored before events carried a type gets its type). */
export function readDelivery(doc: Delivery): Delivery {
  return { ...doc, event: storedWebhookEvent(doc.event) };
}
