import { describe, expect, it } from "vitest";
import {
  bankQueue,
  bankQueues,
  bankSettings,
  serviceBusConfig,
  serviceBusNamespace,
} from "../../../local/devStack/bankSettings.js";
import { parseConfig } from "@creditlink/servicebus-emulator/config";

const input = {
  bank: "bank-b",
  index: 1,
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  contractAddress: "0x" + "11".repeat(20),
  blockTimeInMs: 2000,
  serviceBusConnectionString: "Endpoint=sb://127.0.0.1;UseDevelopmentEmulator=true",
  storageConnectionString: "UseDevelopmentStorage=true",
  keyVaultEnv: { IDENTITY_ENDPOINT: "https://127.0.0.1:1/msi" },
  vaultUrl: "https://127.0.0.1:1",
  adminKey: "admin",
  subjectKey: "0x" + "42".repeat(32),
};

describe("bankSettings", () => {
  it("points the bank's queue, table, hub and key settings at its own names", () => {
    const settings = bankSettings(input);
    expect(settings).toMatchObject({
      SERVICEBUS_INBOUND_QUEUE: "bank-b-inbound",
      SERVICEBUS_RESULTS_QUEUE: "bank-b-results",
      SERVICEBUS_DELIVERY_QUEUE: "bank-b-delivery",
      STORAGE_TABLE_PREFIX: "bankb",
      DURABLE_TASK_HUB: "bankb",
      KEYVAULT_SIGNING_KEY_NAME: "bank-b-signer",
      IDENTITY_ENDPOINT: "https://127.0.0.1:1/msi",
    });
  });
});

describe("serviceBusConfig", () => {
  it("declares every bank's three queues with duplicate detection, as the emulator parses them", () => {
    const parsed = parseConfig(serviceBusConfig(["bank-a", "bank-b"]));
    const names = ["bank-a", "bank-b"].flatMap((b) => Object.values(bankQueues(b)));
    expect([...parsed.queues.values()].map((q) => q.name)).toEqual(names);
    for (const queue of parsed.queues.values()) {
      expect(queue).toMatchObject({ requiresDuplicateDetection: true, lockDurationInMs: 30_000, maxDeliveryCount: 10 });
    }
  });

  it("applies overrides to every queue and keeps the other properties", () => {
    const parsed = parseConfig(serviceBusConfig(["bank-a"], { LockDuration: "PT10S" }));
    for (const queue of parsed.queues.values()) {
      expect(queue).toMatchObject({ lockDurationInMs: 10_000, requiresDuplicateDetection: true });
    }
  });
});

describe("serviceBusNamespace", () => {
  it("declares queues of any name with the bank queue properties", () => {
    const parsed = parseConfig(serviceBusNamespace([bankQueue("delivery-batch", { LockDuration: "PT1M" })]));
    expect(parsed.queues.get("delivery-batch")).toMatchObject({
      lockDurationInMs: 60_000,
      requiresDuplicateDetection: true,
    });
  });
});
