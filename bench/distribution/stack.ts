// The components the distribution benchmark runs against: Azurite and the Service Bus emulator as child processes
// (so their CPU is measured apart from ours), the Key Vault stand-in for signing secrets, and a partner receiver
// that verifies every webhook.
import type { RunningProcess } from "@creditlink/child-process/childProcess";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { startAzurite, type Azurite } from "../../local/azurite.js";
import { bankQueue, serviceBusNamespace } from "../../local/devStack/bankSettings.js";
import { startServiceBusProcess } from "../../local/devStack/components.js";
import { startWebhookReceiver } from "../../local/devStack/webhookReceiver.js";

/** A receiver that verifies each webhook with its subscription's secret and counts distinct webhook ids. */
export interface BenchReceiver {
  url: string;
  secrets: Map<string, string>;
  /** Distinct webhook ids verified and answered 2xx. */
  delivered: ReadonlySet<string>;
  requests: number;
  failedVerifications: number;
  close(): Promise<void>;
}

/** The tests' webhook receiver, answering 204, with one secret per subscription path. */
async function startReceiver(): Promise<BenchReceiver> {
  const secrets = new Map<string, string>();
  const receiver = await startWebhookReceiver(
    (path) => secrets.get(path.slice(path.lastIndexOf("/") + 1)),
    () => ({ status: 204 }),
  );
  return {
    url: receiver.url,
    secrets,
    delivered: receiver.deliveredIds,
    get requests() {
      return receiver.received.length;
    },
    get failedVerifications() {
      return receiver.received.filter((r) => !r.verified).length;
    },
    close: () => receiver.close(),
  };
}

/** The running components. */
export interface BenchStack {
  azurite: Azurite;
  serviceBus: RunningProcess & { connectionString: string };
  vault: KeyVaultStandIn;
  receiver: BenchReceiver;
  stop(): Promise<void>;
}

/** Starts everything; `queues` are created on the emulator (duplicate detection on, as the bank's are). */
export async function startBenchStack(queues: readonly string[]): Promise<BenchStack> {
  const config = serviceBusNamespace(queues.map((name) => bankQueue(name, { LockDuration: "PT1M" })));
  const [azurite, serviceBus, vault, receiver] = await Promise.all([
    startAzurite(),
    startServiceBusProcess(config),
    startKeyVaultStandIn(),
    startReceiver(),
  ]);
  return {
    azurite,
    serviceBus,
    vault,
    receiver,
    stop: async () => {
      await receiver.close();
      await Promise.allSettled([azurite.stop(), serviceBus.stop(), vault.stop()]);
    },
  };
}
