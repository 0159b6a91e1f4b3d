// Sending through the bank CLI to the real Service Bus emulator: generated and file updates arrive on the bank's
// inbound queue as JSON with messageId = updateId, in order; invalid files send nothing.
import { describe, expect, it } from "vitest";
import { generateUpdates } from "../../../local/bank/generateUpdates.js";
import { sendUpdates } from "../../../local/bank/sendUpdates.js";
import { drain, runChild, runInProcess, useConsortium, writeLines } from "./harness.js";

const sb = useConsortium();

describe("sendUpdates", () => {
  it("delivers every update in order with messageId = updateId and a JSON body", async () => {
    const updates = generateUpdates(1500, { bank: "bank-a", seed: "send-1" });
    const summary = await sendUpdates({ client: sb.client(), queue: "bank-a-inbound" }, updates);
    expect(summary).toMatchObject({ sent: 1500, interrupted: false });
    expect(summary.batches).toBeGreaterThan(1);
    const got = await drain(sb.client(), "bank-a-inbound");
    expect(got.map((m) => m.messageId)).toEqual(updates.map((u) => u.updateId));
    expect(got.map((m) => m.body)).toEqual(updates);
    expect(new Set(got.map((m) => m.contentType))).toEqual(new Set(["application/json"]));
  });

  it("stops after the batch in flight when the signal aborts", async () => {
    const abort = new AbortController();
    const updates = generateUpdates(2000, { bank: "bank-a", seed: "send-2" });
    const summary = await sendUpdates({ client: sb.client(), queue: "bank-a-inbound" }, updates, {
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    expect(summary.interrupted).toBe(true);
    expect(summary.sent).toBeLessThan(2000);
    expect((await drain(sb.client(), "bank-a-inbound")).length).toBe(summary.sent);
  });
});

describe("send command", () => {
  it("sends --generate N updates and prints a summary with the rate", async () => {
    const run = await runInProcess(["send", "--consortium", sb.file(), "--bank", "bank-b", "--generate", "700"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sent 700 update\(s\) to bank-b-inbound in \d+ batch\(es\), [\d.]+ s \(\d+\/s\)$/m);
    expect(run.stderr).toContain("700/700 sent (100%");
    const got = await drain(sb.client(), "bank-b-inbound");
    expect(got.length).toBe(700);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(700);
    expect(got.every((m) => m.messageId === (m.body as { updateId: string }).updateId)).toBe(true);
  });

  it("sends a valid file as a child process, each line as written", async () => {
    const updates = generateUpdates(5, { bank: "bank-a", seed: "file-1" });
    const file = writeLines(["", ...updates.map((u) => JSON.stringify(u)), ""]);
    const run = await runChild(["send", "--consortium", sb.file(), "--bank", "bank-a", "--file", file]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^sent 5 update\(s\) to bank-a-inbound/);
    const got = await drain(sb.client(), "bank-a-inbound");
    expect(got.map((m) => m.body)).toEqual(updates);
  });

  it("sends nothing when a line is invalid, and only the valid lines with --skip-invalid", async () => {
    const [a, b] = generateUpdates(2, { bank: "bank-a", seed: "file-2" });
    const bad = { ...a!, updateId: "bank-a/bad/1", subject: { scheme: "national-id", country: "SE", id: "12" } };
    const file = writeLines([JSON.stringify(a), JSON.stringify(bad), JSON.stringify(b)]);
    const refused = await runInProcess(["send", "--consortium", sb.file(), "--bank", "bank-a", "--file", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("line 2: subject.id: must be 4–32 letters or digits for national-id");
    expect(await drain(sb.client(), "bank-a-inbound", 300)).toEqual([]);
    const args = ["send", "--consortium", sb.file(), "--bank", "bank-a", "--file", file, "--skip-invalid"];
    const skipped = await runInProcess(args);
    expect(skipped.code).toBe(0);
    expect((await drain(sb.client(), "bank-a-inbound")).map((m) => m.messageId)).toEqual([a!.updateId, b!.updateId]);
  });
});
