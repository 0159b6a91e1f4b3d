// The application's metrics (OpenTelemetry instruments; exported to Application Insights when telemetry is on,
// no-ops otherwise). Functions record them from what use cases return, so use cases stay free of telemetry.
import { meter } from "./telemetry.js";

/** Updates by ingest outcome (`outcome`: accepted, duplicate, rejected); rate per minute in the dashboards. */
export const updatesIngested = meter.createCounter("creditlink.updates.ingested", {
  description: "Credit updates ingested",
});

/** Records per batch transaction. */
export const batchSize = meter.createHistogram("creditlink.batch.size", {
  description: "Records per batch transaction",
});

/** From signing a batch to its final status. */
export const confirmationLatency = meter.createHistogram("creditlink.confirmation.latency", {
  description: "Time from signing a batch to its confirmation",
  unit: "ms",
});

/** Updates by final status (`status`: confirmed, superseded, rejected, failed). */
export const updatesFinal = meter.createCounter("creditlink.updates.final", {
  description: "Updates reaching a final status",
});

/** Key Vault answers 429 after the SDK's retries. */
export const updatesUnsubmittable = meter.createCounter("creditlink.updates.unsubmittable", {
  description:
    "Updates failed because no transaction could carry them (not encodable, or failing alone to sign or store)",
});
export const signingThrottles = meter.createCounter("creditlink.keyvault.throttles", {
  description: "Key Vault throttling",
});

/** Nonces filled because they were assigned without a stored transaction, and foreign transactions by our key. */
export const nonceGaps = meter.createCounter("creditlink.nonce.gaps", { description: "Nonce gaps filled" });
export const foreignTransactions = meter.createCounter("creditlink.nonce.foreign", {
  description: "Transactions signed by our key that creditlink did not store",
});

/** Reconciliation findings by `kind` and `severity` (`alert`: a write by our key that creditlink did not send). */
export const reconciliationFindings = meter.createCounter("creditlink.reconciliation.findings", {
  description: "Reconciliation findings",
});

/**
 * Chain errors still retried after the alert bound (`code`: the AppError code; RPC_ERROR = a node answer nobody
 * recognised). Nothing is dropped for them (DESIGN §6.4): an operator looks at the node.
 */
export const chainRetryAlerts = meter.createCounter("creditlink.chain.retry_alerts", {
  description: "Chain errors still retried after the alert bound",
});
