import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

let h: TestHost;
const LIMIT = 4_096;

beforeAll(async () => {
  h = await startTestHost({
    appDir: fixtureApp("hostApp"),
    settings: { FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(LIMIT), FUNCTIONS_MASTER_KEY: "master-key" },
  });
});
afterAll(() => h?.stop());

/** Sends raw bytes and resolves with the status line the host answers. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(h.host.port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) {
        resolve(answer.split("\r\n")[0] ?? "");
        socket.destroy();
      }
    });
    socket.on("error", reject);
  });
}

describe("host stand-in request limits", () => {
  it("answers 413 to a body over FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, declared or streamed, without reading the rest", async () => {
    const declared = await h.fetch("/api/hello", { method: "POST", body: "x".repeat(LIMIT + 1) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: `the request body is larger than the limit of ${LIMIT} bytes` });
    // 20 MB announced, one chunk over the limit written: the answer comes without the rest ever being sent.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          port: h.host.port,
          host: "127.0.0.1",
          method: "POST",
          path: "/api/hello",
          headers: { "transfer-encoding": "chunked" },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on("error", reject);
      req.write(Buffer.alloc(LIMIT * 2, 0x61));
    });
    expect(status).toBe(413);
    expect((await h.fetch("/api/hello", { method: "POST", body: "carol" })).status).toBe(200);
  });

  it("lets a client still sending a refused body read its 413, then use the same connection", async () => {
    // A slow client: the answer is ready before its body is sent. Closing at once resets the connection under the
    // client's writes (EPIPE, ECONNRESET) and the 413 can be lost to it.
    const size = 2 * 1024 * 1024;
    const statusLines = await new Promise<string[]>((resolve, reject) => {
      const socket = connect(h.host.port, "127.0.0.1");
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString("latin1");
        const lines = text.split("\r\n").filter((line) => line.startsWith("HTTP/1.1 "));
        if (lines.length === 2) resolve(lines);
      });
      socket.on("error", reject);
      socket.on("close", () => resolve(text.split("\r\n").filter((line) => line.startsWith("HTTP/1.1 "))));
      socket.write(`POST /api/hello HTTP/1.1\r\nHost: a\r\nContent-Length: ${size}\r\n\r\n`);
      socket.write(Buffer.alloc(size / 2, 0x61));
      setTimeout(() => {
        socket.write(Buffer.alloc(size / 2, 0x61));
        socket.write("POST /api/hello HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\ncarol");
      }, 300);
    });
    expect(statusLines).toEqual(["HTTP/1.1 413 Payload Too Large", "HTTP/1.1 200 OK"]);
  });

  it.each([
    ["GET /api/hello HTTP/1.1\r\nHost: a b\r\n\r\n", "a Host with a space"],
    ["GET /api/hello HTTP/1.1\r\nHost: [::1\r\n\r\n", "an unclosed IPv6 Host"],
    ["GET /api/hello HTTP/1.1\r\nHost: a/b\r\n\r\n", "a Host with a path"],
    ["GET /api/hello HTTP/1.1\r\nHost: u@a\r\n\r\n", "a Host with credentials"],
    ["GET //evil.example/api/hello HTTP/1.1\r\nHost: a\r\n\r\n", "a scheme-relative target"],
  ])("answers 400, not 500, to %j (%s)", async (text) => {
    expect(await raw(text)).toBe("HTTP/1.1 400 Bad Request");
  });

  it.each(["/api/hello/%E0%A4%A", "/api/hello/%", "/api/files/%ZZ/b"])(
    "answers 400, not 500, to the bad percent-encoding %s",
    async (path) => {
      expect(await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).toBe("HTTP/1.1 400 Bad Request");
    },
  );
});
