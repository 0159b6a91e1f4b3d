// The telemetry convention: pino for structured logs (one line per state transition, carrying updateId), the
// OpenTelemetry API for spans and metrics. Exported to Application Insights through @azure/monitor-opentelemetry
// when its connection string is configured; otherwise the OpenTelemetry API stays a no-op.
import { metrics, trace, type Meter, type Tracer } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger } from "pino";
import { scrubUrls } from "./domain/redactUrl.js";

/** Paths that must never reach a log line: personal data and secrets. */
export const REDACTED_PATHS = [
  "subject",
  "*.subject",
  "update.subject",
  "secret",
  "*.secret",
  "privateKey",
  "*.privateKey",
  "authorization",
  "*.authorization",
];

/** The application's tracer and meter (no-ops until telemetry is started with a connection string). */
export const tracer: Tracer = trace.getTracer("creditlink");
export const meter: Meter = metrics.getMeter("creditlink");

/** Creates the structured logger; `destination` defaults to stdout. */
export function createLogger(options: { logLevel: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.logLevel,
      base: { service: "creditlink" },
      redact: { paths: REDACTED_PATHS, censor: "[ REDACTED ]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Error messages and causes may quote a request URL holding a provider key: no URL leaves in clear.
      hooks: { streamWrite: scrubUrls },
    },
    destination,
  );
}

let started = false;

/** Starts export to Application Insights once, when a connection string is configured; returns whether it did. */
export async function startTelemetry(options: { applicationInsightsConnectionString?: string }): Promise<boolean> {
  if (started || !options.applicationInsightsConnectionString) return started;
  const { useAzureMonitor } = await import("@azure/monitor-opentelemetry");
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString: options.applicationInsightsConnectionString } });
  started = true;
  return true;
}
