import { describe, expect, it } from "vitest";
import { SettingsReader } from "../../lib/config/configReader.js";
import { readDistributionConfig } from "../../lib/config/distributionConfig.js";
import { DEFAULT_RETRY_SCHEDULE_IN_SECONDS } from "../../lib/domain/retrySchedule.js";

describe("readDistributionConfig", () => {
  it("defaults to the production schedule and limits", () => {
    const read = new SettingsReader({});
    const config = readDistributionConfig(read);
    expect(read.problems).toEqual([]);
    expect(config.webhook.retryPolicy).toEqual({
      scheduleInSeconds: DEFAULT_RETRY_SCHEDULE_IN_SECONDS,
      scale: 1,
      jitterRatio: 0.2,
      maxRetryAfterInSeconds: 86_400,
    });
    expect(config.webhook.disableAfterInMs).toBe(120 * 3_600_000);
    expect(config.webhook.allowHttp).toBe(false);
  });

  it("compresses the schedule locally and reports invalid values together", () => {
    const ok = readDistributionConfig(
      new SettingsReader({ WEBHOOK_RETRY_SCALE: "0.001", WEBHOOK_RETRY_SCHEDULE_S: "1, 2" }),
    );
    expect(ok.webhook.retryPolicy).toMatchObject({ scale: 0.001, scheduleInSeconds: [1, 2] });
    const read = new SettingsReader({
      WEBHOOK_RETRY_SCALE: "2",
      WEBHOOK_RETRY_SCHEDULE_S: "5,x",
      HEALTH_MIN_PEERS: "-1",
    });
    readDistributionConfig(read);
    expect(read.problems).toHaveLength(3);
  });
});
