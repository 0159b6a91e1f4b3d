import { describe, expect, it } from "vitest";
import { decideDelivery, failingTooLong, type AttemptOutcome } from "../../lib/domain/deliveryDecision.js";
import { DEFAULT_RETRY_POLICY } from "../../lib/domain/retrySchedule.js";

const response = (status: number, retryAfterInSeconds?: number): AttemptOutcome => ({
  kind: "response",
  status,
  retryAfterInSeconds,
  durationInMs: 5,
});

describe("decideDelivery", () => {
  it.each<[string, AttemptOutcome, number, string]>([
    ["200", response(200), 0, "delivered"],
    ["204", response(204), 3, "delivered"],
    ["410", response(410), 0, "disable"],
    ["429", response(429), 0, "retry"],
    ["500", response(500), 0, "retry"],
    ["503", response(503), 6, "retry"],
    ["400", response(400), 0, "retry"],
    ["404", response(404), 2, "retry"],
    ["301", response(301), 0, "retry"],
    ["timeout", { kind: "timeout", durationInMs: 1 }, 0, "retry"],
    ["network", { kind: "network", message: "ECONNREFUSED", durationInMs: 1 }, 0, "retry"],
    ["500 after the last retry", response(500), 7, "exhausted"],
    ["400 after the last retry", response(400), 7, "exhausted"],
    ["410 after the last retry", response(410), 7, "disable"],
  ])("%s → %s", (_name, outcome, retryIndex, action) => {
    expect(decideDelivery(outcome, { policy: DEFAULT_RETRY_POLICY, retryIndex, random01: 0.5 }).action).toBe(action);
  });

  it("honours Retry-After on 429", () => {
    const decision = decideDelivery(response(429, 600), { policy: DEFAULT_RETRY_POLICY, retryIndex: 0, random01: 0.5 });
    expect(decision).toMatchObject({ action: "retry", delayInMs: 600_000 });
  });
});

describe("failingTooLong", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  it.each([
    [undefined, false],
    ["2026-11-22T09:00:00Z", false],
    ["2026-11-17T09:00:00Z", true],
  ])("failing since %s → %s", (since, expected) => {
    expect(failingTooLong(since, now, 120 * 3_600_000)).toBe(expected);
  });
});
