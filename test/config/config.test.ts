import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config/config.js";
import { AppError } from "../../lib/domain/appError.js";

const example = JSON.parse(readFileSync(new URL("../../local.settings.example.json", import.meta.url), "utf8")) as {
  Values: Record<string, string>;
};

const minimal = {
  CHAIN_RPC_URLS: "http://127.0.0.1:8545, http://127.0.0.1:8546",
  CHAIN_ID: "31337",
  CHAIN_CONTRACT_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  SIGNER_KIND: "local",
  SIGNER_LOCAL_PRIVATE_KEY: "0x" + "01".repeat(32),
  CONSORTIUM_SUBJECT_KEY: "0x" + "ab".repeat(32),
  ServiceBusConnection__fullyQualifiedNamespace: "bank-a.servicebus.windows.net",
  SERVICEBUS_INBOUND_QUEUE: "inbound",
  SERVICEBUS_RESULTS_QUEUE: "results",
  SERVICEBUS_DELIVERY_QUEUE: "delivery",
  STORAGE_TABLE_URL: "https://bankastorage.table.core.windows.net",
};

describe("loadConfig", () => {
  it("loads the example local settings", () => {
    const config = loadConfig(example.Values);
    expect(config.chain.rpcUrls.length).toBeGreaterThan(0);
    expect(config.subjectKeySecret.length).toBeGreaterThanOrEqual(32);
  });

  it("applies documented defaults and returns a frozen object with units", () => {
    const config = loadConfig(minimal);
    expect(config.chain).toMatchObject({
      rpcUrls: ["http://127.0.0.1:8545", "http://127.0.0.1:8546"],
      chainId: 31337n,
      confirmations: 1,
      rpcTimeoutInMs: 10_000,
      feeStrategy: "zero",
    });
    expect(config.storage).toEqual({
      tableUrl: minimal.STORAGE_TABLE_URL,
      tablePrefix: "creditlink",
      connectionString: undefined,
    });
    expect(config.batch).toEqual({ gasBudget: 15_000_000n, maxRecords: 300, maxCalldataBytes: 120_000 });
    expect(Object.isFrozen(config.chain)).toBe(true);
    expect(() => ((config.chain as { chainId: bigint }).chainId = 1n)).toThrow();
  });

  it("reports every missing or invalid setting in one CONFIG_INVALID error, without secret values", () => {
    const env = {
      CHAIN_RPC_URLS: "ftp://x",
      CHAIN_ID: "abc",
      CONSORTIUM_SUBJECT_KEY: "0xdeadbeef",
      SCORE_MIN: "900",
      SCORE_MAX: "500",
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const problems = (error as AppError).details["problems"] as string[];
    expect((error as AppError).code).toBe("CONFIG_INVALID");
    for (const expected of [
      /CHAIN_RPC_URLS has an invalid URL "ftp:\/\/x"/,
      /CHAIN_ID must be an integer/,
      /CHAIN_CONTRACT_ADDRESS is required/,
      /KEYVAULT_URL is required/,
      /KEYVAULT_SIGNING_KEY_NAME is required/,
      /CONSORTIUM_SUBJECT_KEY must hold at least 32 bytes/,
      /SCORE_MIN must not exceed SCORE_MAX/,
      /SERVICEBUS_INBOUND_QUEUE is required/,
      /ServiceBusConnection or ServiceBusConnection__fullyQualifiedNamespace is required/,
      /AzureWebJobsStorage \(a connection string\) or STORAGE_TABLE_URL is required/,
    ]) {
      expect(problems).toContainEqual(expect.stringMatching(expected));
    }
    expect((error as AppError).message).not.toContain("deadbeef");
  });
});
