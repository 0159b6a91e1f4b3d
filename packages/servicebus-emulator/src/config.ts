// Reads entity configuration in the shape of the official Service Bus emulator's Config.json
// (UserConfig → Namespaces → Queues → Properties), so one file serves both emulators.
import { readFileSync } from "node:fs";

/** The official emulator's Config.json shape (the parts this emulator reads). */
export interface ServiceBusConfigFile {
  UserConfig: {
    Namespaces: {
      Name: string;
      Queues?: { Name: string; Properties?: Partial<QueuePropertiesJson> }[];
      Topics?: unknown[];
    }[];
    Logging?: unknown;
  };
}

/** Queue properties as they appear in Config.json. */
export interface QueuePropertiesJson {
  DeadLetteringOnMessageExpiration: boolean;
  DefaultMessageTimeToLive: string;
  DuplicateDetectionHistoryTimeWindow: string;
  ForwardDeadLetteredMessagesTo: string;
  ForwardTo: string;
  LockDuration: string;
  MaxDeliveryCount: number;
  RequiresDuplicateDetection: boolean;
  RequiresSession: boolean;
}

/** A queue's behaviour, with units in the names. */
export interface QueueOptions {
  lockDurationInMs: number;
  maxDeliveryCount: number;
  defaultMessageTimeToLiveInMs: number;
  deadLetteringOnMessageExpiration: boolean;
  requiresDuplicateDetection: boolean;
  duplicateDetectionHistoryTimeWindowInMs: number;
  requiresSession: boolean;
  forwardTo?: string;
  forwardDeadLetteredMessagesTo?: string;
}

/** The parsed configuration: one namespace and its queues by (case-insensitive) name. */
export interface EmulatorConfig {
  namespace: string;
  queues: Map<string, QueueOptions & { name: string }>;
  /** Parts of the file this emulator ignores (topics, extra namespaces). */
  warnings: string[];
}

/** Service defaults (Standard tier) for properties a queue leaves out. */
export const QUEUE_DEFAULTS: QueueOptions = {
  lockDurationInMs: 60_000,
  maxDeliveryCount: 10,
  defaultMessageTimeToLiveInMs: Number.POSITIVE_INFINITY,
  deadLetteringOnMessageExpiration: false,
  requiresDuplicateDetection: false,
  duplicateDetectionHistoryTimeWindowInMs: 10 * 60_000,
  requiresSession: false,
};

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** TimeSpan.MaxValue and anything beyond ten years count as "never". */
const NEVER_IN_MS = 10 * 365 * 24 * 3600_000;

/** Parses an ISO-8601 duration (`PT1M`, `P14D`, `PT0.5S`) to milliseconds; undefined when malformed. */
export function parseDurationInMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((v) => (v === undefined ? 0 : Number(v)));
  const ms = (((d ?? 0) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000;
  return ms >= NEVER_IN_MS ? Number.POSITIVE_INFINITY : Math.round(ms);
}

function queueOptions(name: string, p: Partial<QueuePropertiesJson>, problems: string[]): QueueOptions {
  const duration = (key: keyof QueuePropertiesJson, fallback: number): number => {
    const value = p[key];
    if (value === undefined) return fallback;
    const ms = typeof value === "string" ? parseDurationInMs(value) : undefined;
    if (ms === undefined || ms <= 0) problems.push(`queue "${name}": ${key} must be an ISO-8601 duration`);
    return ms ?? fallback;
  };
  const flag = (key: keyof QueuePropertiesJson, fallback: boolean): boolean => {
    const value = p[key];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") problems.push(`queue "${name}": ${key} must be true or false`);
    return value === true;
  };
  const maxDeliveryCount = p.MaxDeliveryCount ?? QUEUE_DEFAULTS.maxDeliveryCount;
  if (!Number.isInteger(maxDeliveryCount) || maxDeliveryCount < 1) {
    problems.push(`queue "${name}": MaxDeliveryCount must be a positive integer`);
  }
  return {
    lockDurationInMs: duration("LockDuration", QUEUE_DEFAULTS.lockDurationInMs),
    maxDeliveryCount,
    defaultMessageTimeToLiveInMs: duration("DefaultMessageTimeToLive", QUEUE_DEFAULTS.defaultMessageTimeToLiveInMs),
    deadLetteringOnMessageExpiration: flag("DeadLetteringOnMessageExpiration", false),
    requiresDuplicateDetection: flag("RequiresDuplicateDetection", false),
    duplicateDetectionHistoryTimeWindowInMs: duration(
      "DuplicateDetectionHistoryTimeWindow",
      QUEUE_DEFAULTS.duplicateDetectionHistoryTimeWindowInMs,
    ),
    requiresSession: flag("RequiresSession", false),
    forwardTo: p.ForwardTo || undefined,
    forwardDeadLetteredMessagesTo: p.ForwardDeadLetteredMessagesTo || undefined,
  };
}

/** Validates a Config.json document; reports every problem in one error. */
export function parseConfig(doc: unknown): EmulatorConfig {
  const namespaces = (doc as Partial<ServiceBusConfigFile> | null)?.UserConfig?.Namespaces;
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    throw new Error("Service Bus config: UserConfig.Namespaces must list one namespace");
  }
  const problems: string[] = [];
  const ns = namespaces[0] as ServiceBusConfigFile["UserConfig"]["Namespaces"][number];
  const queues = new Map<string, QueueOptions & { name: string }>();
  for (const q of ns.Queues ?? []) {
    if (typeof q?.Name !== "string" || q.Name === "") {
      problems.push("every queue needs a Name");
      continue;
    }
    if (queues.has(q.Name.toLowerCase())) problems.push(`queue "${q.Name}" is declared twice`);
    queues.set(q.Name.toLowerCase(), { name: q.Name, ...queueOptions(q.Name, q.Properties ?? {}, problems) });
  }
  for (const q of queues.values()) {
    for (const target of [q.forwardTo, q.forwardDeadLetteredMessagesTo]) {
      if (target && !queues.has(target.toLowerCase()))
        problems.push(`queue "${q.name}" forwards to unknown "${target}"`);
    }
  }
  for (const q of queues.values()) {
    const seen = new Set<string>([q.name.toLowerCase()]);
    for (let next = q.forwardTo?.toLowerCase(); next; next = queues.get(next)?.forwardTo?.toLowerCase()) {
      if (seen.has(next)) {
        problems.push(`queue "${q.name}" forwards in a loop`);
        break;
      }
      seen.add(next);
    }
  }
  if (problems.length > 0) throw new Error(`Service Bus config is invalid:\n- ${problems.join("\n- ")}`);
  const warnings: string[] = [];
  if (namespaces.length > 1) warnings.push(`only the first namespace ("${ns.Name}") is served`);
  if ((ns.Topics ?? []).length > 0) warnings.push("topics and subscriptions are not emulated; only queues are served");
  return { namespace: String(ns.Name ?? "sbemulatorns"), queues, warnings };
}

/** Loads and validates a Config.json file. */
export function loadConfigFile(path: string): EmulatorConfig {
  return parseConfig(JSON.parse(readFileSync(path, "utf8")));
}
