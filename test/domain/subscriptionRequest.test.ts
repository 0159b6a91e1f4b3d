import { describe, expect, it } from "vitest";
import { parseReplayRequest, parseSubscriptionRequest } from "../../lib/domain/subscriptionRequest.js";

describe("parseSubscriptionRequest", () => {
  it.each<[unknown, boolean, boolean]>([
    [{ url: "https://a.example/h" }, true, true],
    [{ url: "https://a.example/h", filter: { issuers: "all" }, description: "core" }, true, true],
    [{ url: "http://127.0.0.1:9/h" }, true, false],
    [{ url: "ftp://a.example" }, true, false],
    [{ state: "active" }, false, true],
    [{ state: "paused" }, false, false],
    [{ description: "x".repeat(201) }, false, false],
    [{}, true, false],
    [{}, false, true],
    [null, false, false],
  ])("%j (create %s) → valid %s", (body, create, ok) => {
    expect(parseSubscriptionRequest(body, { create, allowHttp: false }).ok).toBe(ok);
  });

  it("accepts http only when allowed", () => {
    expect(parseSubscriptionRequest({ url: "http://127.0.0.1:9/h" }, { create: true, allowHttp: true })).toEqual({
      ok: true,
      changes: { url: "http://127.0.0.1:9/h", filter: "self" },
    });
  });
});

describe("parseReplayRequest", () => {
  it.each<[unknown, object | null]>([
    [undefined, {}],
    [{}, {}],
    [{ since: 120 }, { sinceBlock: 120 }],
    [{ since: "2026-11-22T10:00:00Z" }, { sinceTime: "2026-11-22T10:00:00.000Z" }],
    [{ onlyFailed: true }, { onlyFailed: true }],
    [{ since: -1 }, null],
    [{ since: "yesterday" }, null],
    [{ onlyFailed: "yes" }, null],
    [{ from: 1 }, null],
  ])("%j → %j", (body, choice) => {
    const parsed = parseReplayRequest(body);
    expect(parsed.ok ? parsed.choice : null).toEqual(choice);
  });
});
