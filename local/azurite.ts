// Runs Azurite (Blob, Queue, Table) as a child process on free loopback ports.
import { createRequire } from "node:module";
import path from "node:path";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";

/** The well-known Azurite development account. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** A running Azurite with its connection string. */
export interface Azurite extends RunningProcess {
  readonly connectionString: string;
  readonly blobUrl: string;
  readonly queueUrl: string;
  readonly tableUrl: string;
  readonly ports: { blob: number; queue: number; table: number };
}

/** Options for {@link startAzurite}. */
export interface AzuriteOptions {
  /** Persist to this folder; in memory when absent. */
  location?: string;
  /** V8 heap limit of the Azurite process (in-memory tables of a long run outgrow the default). */
  heapInMb?: number;
  /** Listen on these ports (a restart keeps its clients' connection string); free ones when absent. */
  ports?: { blob: number; queue: number; table: number };
  onLine?: (line: string) => void;
}

/** Starts Azurite with all three services and resolves once every one of them listens. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const require = createRequire(import.meta.url);
  const main = path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "azurite.js");
  const heap = options.heapInMb ? [`--max-old-space-size=${options.heapInMb}`] : [];
  const args = [...heap, main, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1"];
  const { blob = 0, queue = 0, table = 0 } = options.ports ?? {};
  args.push("--blobPort", String(blob), "--queuePort", String(queue), "--tablePort", String(table));
  args.push("--skipApiVersionCheck", "--loose");
  // No access log and no telemetry: together they cost Azurite a fifth of its CPU under load.
  args.push("--silent", "--disableTelemetry");
  args.push(...(options.location ? ["--location", options.location] : ["--inMemoryPersistence"]));
  const ports: Record<string, string> = {};
  const { process: running } = await startProcess(process.execPath, args, {
    // Azurite announces each service separately; resolve on the last of the three.
    readyPattern: /Table service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/,
    onLine: (line) => {
      const m = line.match(
        /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/,
      );
      if (m?.[1] && m[2]) ports[m[1]] = m[2];
      options.onLine?.(line);
    },
  });
  const url = (service: string): string => `http://127.0.0.1:${ports[service]}/${AZURITE_ACCOUNT}`;
  const urls = { blobUrl: url("Blob"), queueUrl: url("Queue"), tableUrl: url("Table") };
  return {
    ...running,
    connectionString: azuriteConnectionString(urls),
    ...urls,
    ports: {
      blob: Number(ports["Blob"]),
      queue: Number(ports["Queue"]),
      table: Number(ports["Table"]),
    },
  };
}

/** The development account's connection string for these service URLs. */
export function azuriteConnectionString(urls: { blobUrl: string; queueUrl: string; tableUrl: string }): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `BlobEndpoint=${urls.blobUrl};QueueEndpoint=${urls.queueUrl};TableEndpoint=${urls.tableUrl};`
  );
}
