// Opens the real Service Bus client for the consortium and turns its failures into messages a person can act
// on. A quick TCP probe comes first, because the SDK retries a refused connection for a long time before failing.
import { isServiceBusError, ServiceBusClient } from "@azure/service-bus";
import { connect } from "node:net";
import { CliError } from "./cliError.js";

/** How long the reachability probe waits for the TCP connection. */
const PROBE_TIMEOUT_IN_MS = 3000;

/** A Service Bus client for `connectionString`, once its endpoint accepts connections. */
export async function openServiceBus(connectionString: string): Promise<ServiceBusClient> {
  const endpoint = serviceBusEndpoint(connectionString);
  await probe(endpoint);
  return new ServiceBusClient(connectionString, { retryOptions: { maxRetries: 2, timeoutInMs: 15_000 } });
}

/** Host and port of the connection string's endpoint (5672 for the emulator, 5671 otherwise, when not given). */
export function serviceBusEndpoint(connectionString: string): { host: string; port: number } {
  const endpoint = /(?:^|;)\s*Endpoint\s*=\s*sb:\/\/([^;/]+)/i.exec(connectionString)?.[1];
  if (!endpoint) throw new CliError("the consortium's Service Bus connection string has no Endpoint=sb://…");
  const emulator = /UseDevelopmentEmulator\s*=\s*true/i.test(connectionString);
  const [host, port] = endpoint.split(":");
  return { host: host as string, port: port ? Number(port) : emulator ? 5672 : 5671 };
}

function probe({ host, port }: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_IN_MS });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new CliError(`cannot reach Service Bus at ${host}:${port} (${why}): is \`npm start\` still running?`));
    };
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("timeout", () => fail("no answer within 3 s"));
    socket.once("error", (e: NodeJS.ErrnoException) =>
      fail(e.code === "ECONNREFUSED" ? "connection refused" : e.message),
    );
  });
}

/** Maps an SDK failure while `what` (e.g. "send to bank-a-inbound") to a CliError. */
export function serviceBusFailure(what: string, queue: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const code = isServiceBusError(error) ? error.code : (error as NodeJS.ErrnoException | undefined)?.code;
  let message = `${what} failed: ${text}`;
  if (code === "MessagingEntityNotFound")
    message = `${what} failed: queue "${queue}" does not exist on the Service Bus`;
  else if (code === "UnauthorizedAccess") message = `${what} failed: the Service Bus refused the consortium's key`;
  else if (code === "ServiceCommunicationProblem" || code === "ECONNREFUSED" || /ECONNREFUSED/.test(text)) {
    message = `${what} failed: lost the Service Bus connection (${text}): is \`npm start\` still running?`;
  }
  return new CliError(message, undefined, { cause: error });
}
