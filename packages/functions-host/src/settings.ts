// App settings and host configuration: `local.settings.json` values (the environment wins, as with Core Tools),
// `host.json` fields the host honours, `%Setting%` expressions and .NET TimeSpan strings.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The `host.json` settings the stand-in honours, with defaults applied and `%Setting%` resolved. */
export interface HostConfig {
  routePrefix: string;
  /** `functionTimeout`; `undefined` means unlimited (`-1`). */
  functionTimeoutInMs: number | undefined;
  serviceBus: {
    autoCompleteMessages: boolean;
    maxConcurrentCalls: number;
    maxConcurrentSessions: number;
    maxAutoLockRenewalDurationInMs: number;
    maxMessageBatchSize: number;
    prefetchCount: number;
    sessionIdleTimeoutInMs: number | undefined;
    /** `clientRetryOptions`: the SDK's retries against Service Bus (the Functions host passes them on). */
    clientRetryOptions: {
      mode: "exponential" | "fixed";
      maxRetries: number;
      retryDelayInMs: number;
      maxRetryDelayInMs: number;
      timeoutInMs: number;
    };
  };
  durableTask: {
    hubName: string;
    maxConcurrentActivityFunctions: number;
    maxConcurrentOrchestratorFunctions: number;
  };
}

/** Reads `local.settings.json` `Values` (if present) under the environment, which overrides it. */
export function loadAppSettings(appDir: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  const file = join(appDir, "local.settings.json");
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, unknown> };
    for (const [key, value] of Object.entries(parsed.Values ?? {})) settings[key] = String(value);
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) settings[key] = value;
  return settings;
}

/** Replaces every `%Name%` in strings (deeply) with the setting's value; collects names that have none. */
export function resolveSettings<T>(value: T, settings: Record<string, string>, missing: Set<string> = new Set()): T {
  if (typeof value === "string") {
    return value.replace(/%([^%\s]+)%/g, (whole, name: string) => {
      const resolved = settings[name];
      if (resolved === undefined) missing.add(name);
      return resolved ?? whole;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => resolveSettings(item, settings, missing)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveSettings(item, settings, missing);
    return out as T;
  }
  return value;
}

/** Parses a .NET TimeSpan (`[d.]hh:mm:ss[.fffffff]`) into milliseconds; `undefined` when it is not one. */
export function parseTimeSpan(text: string): number | undefined {
  const match = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const [, negative, days, hours, minutes, seconds, fraction] = match;
  const ms =
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds ?? 0) * 1000 +
    Math.round(Number(`0.${fraction ?? "0"}`) * 1000);
  return negative ? -ms : ms;
}

/** Formats milliseconds as a TimeSpan (`hh:mm:ss`, with days when needed). */
export function formatTimeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const pad = (n: number): string => String(n).padStart(2, "0");
  const clock = `${pad(Math.floor(totalSeconds / 3600) % 24)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

function timeSpanOr(value: unknown, fallback: number | undefined): number | undefined {
  if (typeof value !== "string") return fallback;
  const ms = parseTimeSpan(value);
  return ms === undefined || ms < 0 ? undefined : ms;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** Reads `host.json` from `appDir` (defaults when absent) and resolves `%Setting%` expressions in it. */
export function loadHostConfig(appDir: string, settings: Record<string, string>): HostConfig {
  const file = join(appDir, "host.json");
  const raw = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  const json = resolveSettings(raw, settings);
  const extensions = (json.extensions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const http = extensions.http ?? {};
  const sb = extensions.serviceBus ?? {};
  const dt = extensions.durableTask ?? {};
  return {
    routePrefix: typeof http.routePrefix === "string" ? http.routePrefix.replace(/^\/+|\/+$/g, "") : "api",
    functionTimeoutInMs: timeSpanOr(json.functionTimeout, 30 * 60_000),
    serviceBus: {
      autoCompleteMessages: sb.autoCompleteMessages !== false,
      maxConcurrentCalls: numberOr(sb.maxConcurrentCalls, 16),
      maxConcurrentSessions: numberOr(sb.maxConcurrentSessions, 8),
      maxAutoLockRenewalDurationInMs: timeSpanOr(sb.maxAutoLockRenewalDuration, 5 * 60_000) ?? 5 * 60_000,
      maxMessageBatchSize: numberOr(sb.maxMessageBatchSize, 1000),
      prefetchCount: numberOr(sb.prefetchCount, 0),
      sessionIdleTimeoutInMs: timeSpanOr(sb.sessionIdleTimeout, undefined),
      clientRetryOptions: clientRetryOptions((sb.clientRetryOptions ?? {}) as Record<string, unknown>),
    },
    durableTask: {
      hubName: typeof dt.hubName === "string" && !dt.hubName.includes("%") ? dt.hubName : "TestHubName",
      maxConcurrentActivityFunctions: numberOr(dt.maxConcurrentActivityFunctions, 10),
      maxConcurrentOrchestratorFunctions: numberOr(dt.maxConcurrentOrchestratorFunctions, 10),
    },
  };
}

/** `clientRetryOptions` with the Service Bus extension's defaults (exponential, 3 retries, 0.8 s to 1 min, 1 min tries). */
function clientRetryOptions(options: Record<string, unknown>): HostConfig["serviceBus"]["clientRetryOptions"] {
  return {
    mode: options.mode === "fixed" ? "fixed" : "exponential",
    maxRetries: numberOr(options.maxRetries, 3),
    retryDelayInMs: timeSpanOr(options.delay, 800) ?? 800,
    maxRetryDelayInMs: timeSpanOr(options.maxDelay, 60_000) ?? 60_000,
    timeoutInMs: timeSpanOr(options.tryTimeout, 60_000) ?? 60_000,
  };
}
