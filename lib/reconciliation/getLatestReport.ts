// `GET /api/reconciliation/latest`: the most recent stored reconciliation report.
import type { ReportStore } from "../ports/reconciliation.js";
import type { ReconciliationReport } from "../domain/reconciliationReport.js";

/** The latest report, or null before the first run. */
export async function getLatestReport(deps: { reports: ReportStore }): Promise<ReconciliationReport | null> {
  return deps.reports.latest();
}
