// Contract tests pinned to the installed @azure/functions and durable-functions: the versions themselves, the
// orchestrator's answer to a hand-written history (the exact payload the host sends), and golden histories of
// real runs, committed in test/golden/. A library upgrade that changes the protocol fails here, and so
// does a missing golden file. Only after re-reading shared/notes/functions-host-contracts.md against the new
// sources, regenerate, review the diff and commit:
//   UPDATE_GOLDEN=1 npx vitest run packages/functions-host/test/contract.test.ts
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEvent } from "../src/durable/history.js";
import { startTestHost, type TestHost } from "../src/harness.js";
import { expectGolden } from "./support/golden.js";
import { fixtureApp } from "./paths.js";

const require = createRequire(import.meta.url);
const goldenDir = fileURLToPath(new URL("golden", import.meta.url));
let h: TestHost;

beforeAll(async () => {
  h = await startTestHost({
    appDir: fixtureApp("hostApp"),
    startTime: new Date("2026-02-01T00:00:00Z"),
    settings: { "AzureWebJobs.tick.Disabled": "true", "AzureWebJobs.hourly.Disabled": "true" },
  });
});
afterAll(() => h?.stop());

function golden(name: string, actual: unknown): void {
  expectGolden(`${goldenDir}/${name}.json`, actual);
}

/** History with the per-run parts (execution ids, parent links, stack traces) normalised. */
function normalised(history: unknown[]): unknown[] {
  return (history as HistoryEvent[]).map((e) => {
    const copy: Record<string, unknown> = { ...e };
    if (copy.OrchestrationInstance) copy.OrchestrationInstance = { InstanceId: "<id>", ExecutionId: "<execution>" };
    if (copy.ParentInstance) copy.ParentInstance = "<parent>";
    if (typeof copy.Details === "string" && copy.Details !== "") copy.Details = "<stack trace>";
    if (typeof copy.InstanceId === "string")
      copy.InstanceId = copy.InstanceId.replace(/^[0-9a-f]{32}:/, "<execution>:");
    return copy;
  });
}

async function historyOf(name: string, input: unknown, drive?: (id: string) => Promise<void>): Promise<unknown[]> {
  const id = await h.durable.start(name, { instanceId: `golden-${name}`, input });
  await drive?.(id);
  await h.durable.waitFor(id);
  return normalised(h.host.durable.getStatus(id, { showHistory: true })?.historyEvents ?? []);
}

describe("pinned library versions", () => {
  it("runs against @azure/functions 4.16.5 and durable-functions 3.5.0", () => {
    expect((require("@azure/functions/package.json") as { version: string }).version).toBe("4.16.5");
    expect((require("durable-functions/package.json") as { version: string }).version).toBe("3.5.0");
  });
});

describe("orchestrator protocol", () => {
  it("answers a hand-written history with the V3 action list and state", async () => {
    const fn = h.host.functions.get("sequence");
    if (!fn) throw new Error("fixture function missing");
    const at = "2026-02-01T00:00:00.000Z";
    const payload = {
      history: [
        { EventType: 12, EventId: -1, IsPlayed: false, Timestamp: at },
        { EventType: 0, EventId: -1, IsPlayed: false, Timestamp: at, Name: "sequence", Input: null },
        { EventType: 4, EventId: 0, IsPlayed: false, Timestamp: at, Name: "sayHello", Input: '"Tokyo"' },
        { EventType: 13, EventId: -1, IsPlayed: false, Timestamp: at },
        { EventType: 12, EventId: -1, IsPlayed: false, Timestamp: at },
        { EventType: 5, EventId: -1, IsPlayed: false, Timestamp: at, TaskScheduledId: 0, Result: '"Hello Tokyo"' },
      ],
      input: null,
      instanceId: "contract",
      isReplaying: true,
      parentInstanceId: null,
      upperSchemaVersion: 1,
      upperSchemaVersionNew: 2,
      maximumShortTimerDuration: "6.00:00:00",
      longRunningTimerIntervalDuration: "3.00:00:00",
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    const response = await h.host.invoker.invoke(fn, { triggerData: { string: JSON.stringify(payload) } });
    golden("protocol-sequence-state", JSON.parse(response.returnValue?.json ?? "null"));
  });
});

describe("golden histories", () => {
  it("sequence of activities", async () => {
    golden("history-sequence", await historyOf("sequence", undefined));
  });

  it("activity retry: failure, retry timer, re-attempt ids", async () => {
    golden("history-retrying", await historyOf("retrying", { key: "golden", failures: 1 }, () => h.advance("2s")));
  });

  it("external event beating a timer in Task.any, then cancelling it", async () => {
    const raise = async (id: string): Promise<void> => {
      await h.advance("1m");
      await h.durable.raise(id, "approved", true);
    };
    golden("history-approval", await historyOf("approval", undefined, raise));
  });

  it("sub-orchestrations with a retried failure", async () => {
    golden("history-parent", await historyOf("parent", undefined, () => h.advance("1s")));
  });

  it("continue-as-new keeps only the last execution", async () => {
    golden("history-counter", await historyOf("counter", 2));
  });
});
