import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { parseSchedule } from "../src/ncrontab.js";
import { fixtureApp } from "./paths.js";

interface FixtureEvent {
  kind: string;
  function?: string;
  isPastDue?: boolean;
}

const appDir = fixtureApp("hostApp");
const dataDir = mkdtempSync(join(tmpdir(), "host-timer-"));
const started: TestHost[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function ticks(h: TestHost, name: string): Promise<FixtureEvent[]> {
  const events = (await (await h.fetch("/api/events")).json()) as FixtureEvent[];
  return events.filter((e) => e.kind === "tick" && e.function === name);
}

describe("parseSchedule", () => {
  const at = Date.parse("2026-01-05T08:59:58Z"); // a Monday
  it("computes six-field NCRONTAB occurrences in UTC", () => {
    expect(new Date(parseSchedule("*/10 * * * * *").next(at)).toISOString()).toBe("2026-01-05T09:00:00.000Z");
    expect(new Date(parseSchedule("0 30 9 * * Mon-Fri").next(at)).toISOString()).toBe("2026-01-05T09:30:00.000Z");
    expect(new Date(parseSchedule("0 0 12 1 Feb *").next(at)).toISOString()).toBe("2026-02-01T12:00:00.000Z");
    expect(new Date(parseSchedule("0 0 0 * * 6,0").next(at)).toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(new Date(parseSchedule("15,45 5-7/2 * * * *").next(at)).toISOString()).toBe("2026-01-05T09:05:15.000Z");
  });

  it("accepts TimeSpan intervals and rejects five-field or out-of-range expressions", () => {
    expect(parseSchedule("00:05:00").next(at) - at).toBe(300_000);
    expect(parseSchedule("1.00:00:00").next(at) - at).toBe(86_400_000);
    expect(() => parseSchedule("*/5 * * * *")).toThrow(/six fields/);
    expect(() => parseSchedule("0 61 * * * *")).toThrow(/out of range/);
  });
});

describe("timer triggers", () => {
  it("runs on startup, follows the schedule on the virtual clock and can be fired on demand", async () => {
    const h = await startTestHost({ appDir, dataDir, startTime: new Date("2026-01-05T09:00:05Z") });
    started.push(h);
    await h.advance(0);
    expect(await ticks(h, "hourly")).toEqual([{ kind: "tick", function: "hourly", isPastDue: false }]);
    await h.advance("30s");
    expect((await ticks(h, "tick")).length).toBe(3);
    await h.fireTimer("tick");
    expect((await ticks(h, "tick")).length).toBe(4);
    expect((await h.fetch("/admin/functions/tick", { method: "POST", body: "{}" })).status).toBe(202);
    await h.advance("1ms");
    expect((await ticks(h, "tick")).length).toBe(5);
    await h.stop();
    started.pop();
  });

  it("applies a function-level retry policy with retryContext, waiting on the host clock", async () => {
    const h = await startTestHost({ appDir, settings: { "AzureWebJobs.tick.Disabled": "true" } });
    started.push(h);
    const run = h.fireTimer("retriedTimer");
    await h.advance("30s");
    await h.advance("30s");
    await run;
    const events = ((await (await h.fetch("/api/events")).json()) as { kind: string }[]).filter(
      (e) => e.kind === "retriedTimer",
    );
    expect(events).toEqual([
      { kind: "retriedTimer", retryCount: 0 },
      { kind: "retriedTimer", retryCount: 1, maxRetryCount: 2 },
      { kind: "retriedTimer", retryCount: 2, maxRetryCount: 2 },
    ]);
    await h.stop();
    started.pop();
  });

  it("reports an occurrence missed while the host was down as past due after a restart", async () => {
    const h = await startTestHost({ appDir, dataDir, startTime: new Date("2026-01-05T10:00:00Z") });
    started.push(h);
    await h.advance(0);
    const all = await ticks(h, "tick");
    expect(all.at(-1)).toEqual({ kind: "tick", function: "tick", isPastDue: true });
  });
});
