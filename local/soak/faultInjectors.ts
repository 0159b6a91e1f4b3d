// Injects each planned fault into the running consortium and undoes it after its duration. Faults on one target
// can overlap: an endpoint stays down, lagging or hanging while any fault asks for it, a receiver shows the latest
// active fault, and restarts of one component or host run one after the other.
import type { RunningConsortium } from "../consortium/startConsortium.js";
import type { ReceiverFault } from "../consortium/partnerReceivers.js";
import type { ChainProxy } from "../chainProxy/chainProxy.js";
import { foreignWrite, injectNonceGap, type ForeignWrite } from "./chainFaults.js";
import type { FaultKind, PlannedFault } from "./faultPlan.js";
import { reenableSubscriptions } from "./subscriptionAdmin.js";

/** A fault as it happened: when it began and ended (epoch ms), and what exactly was done. */
export interface InjectedFault {
  kind: FaultKind;
  bank: string;
  startedAt: number;
  endedAt: number;
  detail: string;
  /** The injection itself failed (the fault may not have happened). */
  error?: string;
}

/** Injects faults into `consortium`; `foreignWrites` collects what foreign writes put on chain. */
export function faultInjector(consortium: RunningConsortium, say: (line: string) => void) {
  const foreignWrites: ForeignWrite[] = [];
  const proxyHolds = new Map<ChainProxy, Map<string, number>>();
  const receiverFaults = new Map<string, ReceiverFault[]>();
  const queues = new Map<string, Promise<unknown>>();
  const inTurn = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
    queues.set(
      key,
      run.catch(() => {}),
    );
    return run;
  };
  const chain = consortium.hostileChain;
  const endpoints = chain ? [chain.steady, chain.lagging, chain.flapping, chain.hanging] : [];
  const holdProxy = async (
    proxy: ChainProxy | undefined,
    field: "down" | "lag" | "hang",
    value: number,
    ms: number,
  ) => {
    if (!proxy) throw new Error("the soak needs the hostile chain endpoints");
    const holds = proxyHolds.get(proxy) ?? new Map<string, number>();
    proxyHolds.set(proxy, holds);
    const apply = () => {
      const count = holds.get(field) ?? 0;
      if (field === "down") proxy.faults.down = count > 0;
      if (field === "hang") proxy.faults.hangAfterSend = count > 0 || proxy === chain?.hanging;
      if (field === "lag") proxy.faults.lagBlocks = count > 0 ? value : proxy === chain?.lagging ? 2 : 0;
    };
    holds.set(field, (holds.get(field) ?? 0) + 1);
    apply();
    await sleep(ms);
    holds.set(field, (holds.get(field) ?? 1) - 1);
    apply();
  };
  const holdReceiver = async (bank: string, fault: ReceiverFault, ms: number) => {
    const active = receiverFaults.get(bank) ?? [];
    receiverFaults.set(bank, active);
    active.push(fault);
    await consortium.receivers.setFault(bank, fault);
    await sleep(ms);
    active.splice(active.indexOf(fault), 1);
    await consortium.receivers.setFault(bank, active.at(-1) ?? "none");
  };
  const bankOf = (name: string) => consortium.file.banks.find((b) => b.name === name) ?? consortium.file.banks[0]!;
  const run = async (fault: PlannedFault): Promise<string> => {
    const { bank, durationMs: ms, size } = fault;
    switch (fault.kind) {
      case "host-kill":
        await inTurn(`host:${bank}`, () => consortium.restartHost(bank));
        return `SIGKILL ${bank}'s host, restarted`;
      case "rpc-down":
        await holdProxy(endpoints[size % endpoints.length], "down", 1, ms);
        return `endpoint ${size % endpoints.length} refused every connection`;
      case "rpc-lag":
        await holdProxy(chain?.steady, "lag", size, ms);
        return `the steady endpoint lagged ${size} blocks`;
      case "rpc-hang":
        await holdProxy(chain?.steady, "hang", 1, ms);
        return "the steady endpoint accepted raw transactions and never answered";
      case "keyvault-429":
        consortium.components.keyVault.inject429({ count: size, operation: "sign", retryAfterInSeconds: 1 });
        return `the vault answered the next ${size} signs with 429`;
      case "keyvault-5xx": {
        const status = size % 2 === 0 ? 500 : 503;
        consortium.components.keyVault.inject429({ count: size, operation: "any", status });
        return `the vault answered the next ${size} calls with ${status}`;
      }
      case "azurite-restart":
      case "servicebus-restart": {
        const name = fault.kind === "azurite-restart" ? "azurite" : "servicebus";
        await inTurn(name, () => consortium.restartComponent(name, ms));
        if (name === "azurite" && consortium.storage === "memory")
          return `storage unreachable for ${ms} ms (every connection cut and refused), then served again with its state`;
        return `${name} stopped for ${ms} ms and started again on its ports and state`;
      }
      case "receiver-500":
      case "receiver-timeout":
      case "receiver-down":
        await holdReceiver(bank, RECEIVER_FAULTS[fault.kind], ms);
        return `${bank}'s receiver: ${RECEIVER_FAULTS[fault.kind]} for ${ms} ms`;
      case "receiver-410": {
        await holdReceiver(bank, "gone-410", ms);
        const reenabled = await reenableSubscriptions(consortium, bank);
        return `${bank}'s receiver answered 410 for ${ms} ms; re-enabled and replayed ${reenabled} subscriptions`;
      }
      case "nonce-gap": {
        const connection = consortium.file.storage.connectionString;
        const skipped = await untilInjected(() => injectNonceGap(connection, bank, bankOf(bank).address));
        return `${bank}'s stored nonce advanced past ${skipped}`;
      }
      case "foreign-write": {
        const { chain: c } = consortium.file;
        const target = { ...c, keyVault: consortium.components.keyVault };
        const written = await untilInjected(() => foreignWrite(target, bankOf(bank)));
        foreignWrites.push(written);
        return `foreign upsertBatch with ${bank}'s key at nonce ${written.nonce} (${written.txHash})`;
      }
    }
  };
  const inject = async (fault: PlannedFault): Promise<InjectedFault> => {
    const startedAt = Date.now();
    say(`fault: ${fault.kind} ${fault.bank} for ${fault.durationMs} ms`);
    try {
      const detail = await run(fault);
      return { kind: fault.kind, bank: fault.bank, startedAt, endedAt: Date.now(), detail };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { kind: fault.kind, bank: fault.bank, startedAt, endedAt: Date.now(), detail: "", error: message };
    }
  };
  return { inject, foreignWrites };
}

const RECEIVER_FAULTS = {
  "receiver-500": "error-500",
  "receiver-timeout": "timeout",
  "receiver-down": "down",
} as const satisfies Partial<Record<FaultKind, ReceiverFault>>;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The storage and vault errors another fault causes (a restart, a 429 or 5xx burst), and a foreign write that lost
 * its nonce to the bank's own next transaction in between reading and sending: the injection is tried again.
 */
const TRANSIENT =
  /too many requests|VaultRequestTypeLimitReached|temporarily unavailable|ECONNREFUSED|ECONNRESET|socket hang up|\b50[03]\b|replacement transaction underpriced|nonce too low/i;

/**
 * Runs an injection that goes through storage or the vault until it is done, for up to a minute: another fault may
 * hold what it needs (both fail before anything is written: the nonce row's write, or the signature before the send).
 */
async function untilInjected<T>(inject: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inject();
    } catch (error) {
      if (attempt >= 12 || !TRANSIENT.test(error instanceof Error ? error.message : String(error))) throw error;
      await sleep(5_000);
    }
  }
}
