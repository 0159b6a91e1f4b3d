import { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { startSharedComponents } from "../../../local/consortium/sharedComponents.js";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

describe("in-memory storage behind outage proxies (long soaks)", () => {
  it("is unreachable during an outage and serves every row again after it", async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "creditlink-storage-"));
    const shared = await startSharedComponents({
      stateDir,
      banks: ["bank-a"],
      blockTimeInSeconds: 0,
      gasLimit: 30_000_000,
      chainId: 31337,
      logTo: () => () => {},
      storage: "memory",
    });
    try {
      const azurite = shared.azurite.current();
      const table = TableClient.fromConnectionString(azurite.connectionString, "outage", {
        allowInsecureConnection: true,
        retryOptions: { maxRetries: 0 },
      });
      await table.createTable();
      await table.createEntity({ partitionKey: "p", rowKey: "r", value: 1 });
      const outage = shared.azurite.bounce({ kill: false, downForMs: 600 });
      await new Promise((r) => setTimeout(r, 100));
      expect(shared.azurite.status().state).toBe("down");
      await expect(table.getEntity("p", "r")).rejects.toThrow();
      await outage;
      expect((await table.getEntity<{ value: number }>("p", "r")).value).toBe(1);
      expect(shared.azurite.status().state).toBe("up");
    } finally {
      await Promise.all([shared.anvil.stop(), shared.azurite.stop(), shared.serviceBus.stop()]);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
