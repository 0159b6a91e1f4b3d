// The structured logger: pino, one line per state transition (carrying updateId), with personal data and secrets
// redacted and URLs scrubbed of credentials.
import { pino, type DestinationStream, type Logger } from "pino";
import { scrubUrls } from "../domain/redactUrl.js";

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
