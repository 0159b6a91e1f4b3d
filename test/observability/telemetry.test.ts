import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../lib/observability/logger.js";
import { startTelemetry, tracer } from "../../lib/observability/telemetry.js";

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe("createLogger", () => {
  it("writes one JSON line with the updateId and redacts the subject and secrets", () => {
    const { lines, stream } = capture();
    const logger = createLogger({ logLevel: "info" }, stream);
    logger.info(
      { updateId: "u-1", subject: { id: "198001011234" }, webhook: { secret: "whsec_x" }, txHash: "0xab" },
      "accepted",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "accepted", updateId: "u-1", txHash: "0xab", service: "creditlink" });
    expect(JSON.stringify(lines[0])).not.toContain("198001011234");
    expect(JSON.stringify(lines[0])).not.toContain("whsec_x");
  });

  it("redacts every URL's credentials, path and query, in messages and in error causes", () => {
    const { lines, stream } = capture();
    const cause = new Error('request to https://rpc.example/v3/KEY123?apikey=ZZZ failed "quoted"');
    const error = new Error("eth_blockNumber to http://u:p4ss@node:8545 failed", { cause });
    createLogger({ logLevel: "info" }, stream).error({ err: error }, "read failed at https://rpc.example/KEY123");
    expect(lines).toHaveLength(1);
    const text = JSON.stringify(lines[0]);
    for (const secret of ["KEY123", "ZZZ", "p4ss"]) expect(text).not.toContain(secret);
    expect(text).toContain("https://rpc.example/[ REDACTED ]");
  });

  it("honours the configured level", () => {
    const { lines, stream } = capture();
    createLogger({ logLevel: "warn" }, stream).info("dropped");
    expect(lines).toHaveLength(0);
  });
});

describe("startTelemetry", () => {
  it("stays a no-op without a connection string", async () => {
    expect(await startTelemetry({})).toBe(false);
    const span = tracer.startSpan("noop");
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});
