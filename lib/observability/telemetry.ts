// The OpenTelemetry API for spans and metrics, exported to Application Insights through
// @azure/monitor-opentelemetry when its connection string is configured; otherwise the API stays a no-op.
import { metrics, trace, type Meter, type Tracer } from "@opentelemetry/api";

/** The application's tracer and meter (no-ops until telemetry is started with a connection string). */
export const tracer: Tracer = trace.getTracer("creditlink");
export const meter: Meter = metrics.getMeter("creditlink");

let started = false;

/** Starts export to Application Insights once, when a connection string is configured; returns whether it did. */
export async function startTelemetry(options: { applicationInsightsConnectionString?: string }): Promise<boolean> {
  if (started || !options.applicationInsightsConnectionString) return started;
  const { useAzureMonitor } = await import("@azure/monitor-opentelemetry");
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString: options.applicationInsightsConnectionString } });
  started = true;
  return true;
}
