// Timer (a singleton across instances, schedule from RECONCILIATION_SCHEDULE): outbox ⇄ chain ⇄ deliveries ⇄
// signer nonce; repairs what is safe, reports the rest and stores the report.
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { reconciliationDeps } from "../lib/composition/distributionDeps.js";
import { reconciliationFindings } from "../lib/observability/metrics.js";
import { runReconciliation } from "../lib/reconciliation/runReconciliation.js";
import { services } from "../lib/composition/services.js";

/** Runs one reconciliation; alerts (a write by our key that we did not send) are logged as warnings. */
export async function reconciliationTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const s = await services();
  const report = await runReconciliation(await reconciliationDeps(s));
  for (const finding of report.findings) {
    reconciliationFindings.add(1, { kind: finding.kind, severity: finding.severity });
    s.logger.info({ event: "reconciliation.finding", ...finding }, "reconciliation finding");
  }
  const alerts = report.findings.filter((f) => f.severity === "alert");
  const log = s.logger.child({
    event: "reconciliation.finished",
    invocationId: context.invocationId,
    counts: report.counts,
  });
  if (alerts.length > 0) log.warn({ alerts }, "reconciliation raised alerts");
  else log.info("reconciliation finished");
}

app.timer("reconciliationTimer", { schedule: "%RECONCILIATION_SCHEDULE%", handler: reconciliationTimer });
