import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHostConfig } from "../src/settings.js";

function configOf(hostJson: unknown) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "creditlink-hostjson-"));
  try {
    writeFileSync(path.join(dir, "host.json"), JSON.stringify(hostJson));
    return loadHostConfig(dir, {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("loadHostConfig", () => {
  it("passes host.json's Service Bus clientRetryOptions on to the SDK clients, as the Functions host does", () => {
    const config = configOf({
      extensions: {
        serviceBus: {
          clientRetryOptions: {
            mode: "fixed",
            maxRetries: 5,
            delay: "00:00:02",
            maxDelay: "00:00:10",
            tryTimeout: "00:00:30",
          },
        },
      },
    });
    expect(config.serviceBus.clientRetryOptions).toEqual({
      mode: "fixed",
      maxRetries: 5,
      retryDelayInMs: 2_000,
      maxRetryDelayInMs: 10_000,
      timeoutInMs: 30_000,
    });
  });

  it("uses the extension's defaults without them (exponential, 3 retries from 0.8 s), not the SDK's 30-s fixed delay", () => {
    expect(configOf({}).serviceBus.clientRetryOptions).toEqual({
      mode: "exponential",
      maxRetries: 3,
      retryDelayInMs: 800,
      maxRetryDelayInMs: 60_000,
      timeoutInMs: 60_000,
    });
  });
});
