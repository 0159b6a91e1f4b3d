// Reconciliation reports in Azure Table storage, newest first (row key = inverted start time), the report as a
// JSON document split into 64 KB chunks, and a `startedAt` column for pruning by age.
import type { TableClient } from "@azure/data-tables";
import type { ReportStore } from "../../ports/reconciliation.js";
import type { ReconciliationReport } from "../../domain/reconciliationReport.js";
import { deleteRow, docRow, odata, queryDocs, safeKey } from "./tableDocuments.js";
import { openTable, storageCall, type TableSource } from "./tableSupport.js";

const PARTITION = "report";

/** Opens (and creates) the reports table. */
export async function openTableReportStore(source: TableSource, tableName: string): Promise<TableReportStore> {
  return new TableReportStore(await openTable(source, tableName));
}

/** The ReportStore over an Azure Table. */
export class TableReportStore implements ReportStore {
  constructor(private readonly table: TableClient) {}

  async save(report: ReconciliationReport): Promise<void> {
    const entity = docRow({ partitionKey: PARTITION, rowKey: rowKey(report) }, report, { startedAt: report.startedAt });
    await storageCall(`save report ${report.id}`, () => this.table.upsertEntity(entity, "Replace"));
  }

  async latest(): Promise<ReconciliationReport | null> {
    const [report] = await queryDocs<ReconciliationReport>(this.table, `PartitionKey eq ${odata(PARTITION)}`, 1);
    return report ?? null;
  }

  async prune(before: string): Promise<number> {
    const old = await queryDocs<ReconciliationReport>(
      this.table,
      `PartitionKey eq ${odata(PARTITION)} and startedAt lt ${odata(before)}`,
    );
    const removed = await Promise.all(old.map((r) => deleteRow(this.table, PARTITION, rowKey(r))));
    return removed.filter(Boolean).length;
  }
}

function rowKey(report: ReconciliationReport): string {
  const inverted = String(9_999_999_999_999 - Date.parse(report.startedAt)).padStart(13, "0");
  return `${inverted}_${safeKey(report.id)}`;
}
