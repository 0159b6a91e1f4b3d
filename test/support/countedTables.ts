// Table clients that count the HTTP requests they send (retries included; a transaction counts once), so tests and
// the distribution benchmark can show how many storage requests a path costs.
import { TableClient } from "@azure/data-tables";

/** Storage requests by label (`watcher:deliveries`, …). */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  /** The sum over labels starting with `prefix`. */
  total(prefix = ""): number {
    let sum = 0;
    for (const [label, n] of this.counts) if (label.startsWith(prefix)) sum += n;
    return sum;
  }
  reset(): void {
    this.counts.clear();
  }
}

/** A client of `table` (created if missing) whose every HTTP request is counted under `label`. */
export async function countedTable(
  connection: string,
  table: string,
  label: string,
  counter: RequestCounter,
): Promise<TableClient> {
  const client = TableClient.fromConnectionString(connection, table, { allowInsecureConnection: true });
  await client.createTable();
  client.pipeline.addPolicy(
    {
      name: "countStorageRequests",
      sendRequest: (request, next) => {
        counter.counts.set(label, (counter.counts.get(label) ?? 0) + 1);
        return next(request);
      },
    },
    { afterPhase: "Retry" },
  );
  return client;
}
