// Starts a Durable orchestration under a fixed instance id unless one is already running (the singleton pattern),
// so a replayed activity or a timer tick never starts a second monitor or a second submitter.
import type { DurableClient } from "durable-functions";

const FINISHED = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

/** Starts `name` as `instanceId` when no live instance exists; returns whether it started one. */
export async function ensureInstance(
  client: DurableClient,
  name: string,
  instanceId: string,
  input?: unknown,
): Promise<boolean> {
  try {
    const status = await client.getStatus(instanceId);
    if (!FINISHED.has(String(status.runtimeStatus))) return false;
  } catch (error) {
    // The client reports an unknown instance as an error mentioning HTTP 404; anything else is a real failure.
    if (!(error instanceof Error) || !error.message.includes("404")) throw error;
  }
  await client.startNew(name, { instanceId, input });
  return true;
}
