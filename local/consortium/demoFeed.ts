// `npm start -- --demo`: feeds a steady stream of realistic sample updates from the first two banks, so records
// flow through the whole consortium without anyone typing a command.
import { ServiceBusClient } from "@azure/service-bus";
import { generateUpdates } from "../bank/generateUpdates.js";
import { sendUpdates } from "../bank/sendUpdates.js";
import type { ConsortiumFile } from "./consortiumFile.js";

/** Updates per second per feeding bank. */
const RATE_PER_BANK = 5;

/** Starts feeding; returns a function that stops it. */
export function startDemoFeed(file: ConsortiumFile): () => Promise<void> {
  const client = new ServiceBusClient(file.serviceBus.connectionString);
  const banks = file.banks.slice(0, 2);
  let round = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    round++;
    void Promise.all(
      banks.map((bank) => {
        const updates = generateUpdates(RATE_PER_BANK, {
          bank: bank.name,
          runTag: `demo${Date.now().toString(36)}`,
          seed: `${bank.name}-${round}-${Date.now()}`,
        });
        return sendUpdates({ client, queue: bank.inboundQueue }, updates);
      }),
    )
      .catch((error: unknown) => console.error(`demo feed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (busy = false));
  }, 1_000);
  return async () => {
    clearInterval(timer);
    await client.close();
  };
}
