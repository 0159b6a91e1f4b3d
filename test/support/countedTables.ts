// Table clients that count the HTTP requests they send (retries included; a transaction counts once) and the
// entities the service returns (a query's rows, or the one row of a point read), and keep each query's filter, so
// tests and the benchmarks can show how many storage requests a path costs, how much it reads and what it asks for.
import { TableClient } from "@azure/data-tables";

/** Storage requests by label (`watcher:deliveries`, …). */
export class RequestCounter {
  readonly counts = new Map<string, number>();
  /** Entities read, over every label. */
  entities = 0;
  /** The `$filter` of every query sent, over every label. */
  readonly filters: string[] = [];
  /** The sum over labels starting with `prefix`. */
  total(prefix = ""): number {
    let sum = 0;
    for (const [label, n] of this.counts) if (label.startsWith(prefix)) sum += n;
    return sum;
  }
  reset(): void {
    this.counts.clear();
    this.entities = 0;
    this.filters.length = 0;
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
      sendRequest: async (request, next) => {
        counter.counts.set(label, (counter.counts.get(label) ?? 0) + 1);
        const filter = new URL(request.url).searchParams.get("$filter");
        if (request.method === "GET" && filter !== null) counter.filters.push(filter);
        const response = await next(request);
        if (request.method === "GET" && response.status === 200 && response.bodyAsText) {
          const body = JSON.parse(response.bodyAsText) as { value?: unknown[] };
          counter.entities += Array.isArray(body.value) ? body.value.length : 1;
        }
        return response;
      },
    },
    { afterPhase: "Retry" },
  );
  return client;
}
