// Reconciliation reports.
import type { ReconciliationReport } from "../domain/reconciliationReport.js";

/** Reconciliation reports, kept for a configured period. */
export interface ReportStore {
  save(report: ReconciliationReport): Promise<void>;
  latest(): Promise<ReconciliationReport | null>;
  /** Deletes reports started before `before`; returns how many. */
  prune(before: string): Promise<number>;
}
