// Log records from the host, the library and user code, and the sinks that print or collect them. Every line
// from an invocation carries the function name and the invocation id.
import type { RpcLogCategory, RpcLogLevel } from "./coreTypes.js";

/** One log line. */
export interface LogRecord {
  readonly time: Date;
  readonly level: RpcLogLevel;
  readonly category: RpcLogCategory | "host";
  readonly message: string;
  readonly functionName?: string | undefined;
  readonly invocationId?: string | undefined;
}

/** Receives every log record. */
export type LogSink = (record: LogRecord) => void;

const RANK: Record<RpcLogLevel, number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
  none: 6,
};

/** True when `level` is at least `minimum`. */
export function atLeast(level: RpcLogLevel, minimum: RpcLogLevel): boolean {
  return RANK[level] >= RANK[minimum];
}

/** Formats a record as Core Tools prints it: time, function and invocation, message. */
export function formatRecord(record: LogRecord): string {
  const scope = record.functionName
    ? ` [Functions.${record.functionName}${record.invocationId ? `:${record.invocationId.slice(0, 8)}` : ""}]`
    : "";
  const level = record.level === "information" ? "" : ` ${record.level.toUpperCase()}`;
  return `[${record.time.toISOString()}]${level}${scope} ${record.message}`;
}

/** A sink that prints records at or above `minimum` to the console (errors to stderr). */
export function consoleSink(minimum: RpcLogLevel = "information"): LogSink {
  return (record) => {
    if (!atLeast(record.level, minimum)) return;
    const line = formatRecord(record);
    if (atLeast(record.level, "error")) console.error(line);
    else console.log(line);
  };
}
