import { describe, expect, it } from "vitest";
import {
  bankQueue,
  bankQueues,
  bankSettings,
  serviceBusConfig,
  serviceBusNamespace,
} from "../../../local/devStack/bankSettings.js";
import { parseConfig } from "@creditlink/servicebus-emulator/config";
import { loadConfig } from "../../../lib/config/config.js";

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

  it("names the consortium's members by address in settings the app loads", () => {
    const members = new Map([
      ["bank-a", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
      ["bank-b", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"],
    ]);
    const settings = bankSettings({ ...input, members });
    expect(settings["CONSORTIUM_MEMBER_NAMES"]).toBe(
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed=bank-a,0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359=bank-b",
    );
    const names = loadConfig({ ...settings, SERVICEBUS_INBOUND_QUEUE: "q" }).governance.memberNames;
    expect(names.get("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")).toBe("bank-b");
    expect(bankSettings(input)["CONSORTIUM_MEMBER_NAMES"]).toBe("");
    const typo = { ...settings, SERVICEBUS_INBOUND_QUEUE: "q", CONSORTIUM_MEMBER_NAMES: "0x12=bank-a" };
    expect(() => loadConfig(typo)).toThrow(/CONSORTIUM_MEMBER_NAMES must be a comma-separated list/);
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
