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

describe("parseSubscriptionRequest strictness", () => {
  const url = "https://a.example/h";
  const errors = (body: unknown, create = true) => {
    const parsed = parseSubscriptionRequest(body, { create, allowHttp: false });
    return parsed.ok ? [] : parsed.errors;
  };

  it.each<[unknown, RegExp]>([
    ["all", /filter must be an object/],
    [null, /filter must be an object/],
    [[], /filter must be an object/],
    [{}, /filter.issuers is required/],
    [{ issuers: "all", since: 1 }, /filter.since is not a known field/],
    [{ issuers: Array.from({ length: 101 }, (_, i) => "0x" + i.toString(16).padStart(40, "0")) }, /1 to 100/],
  ])("refuses filter %j instead of defaulting it", (filter, error) => {
    expect(errors({ url, filter }).join("; ")).toMatch(error);
    expect(errors({ filter }, false).join("; ")).toMatch(error);
  });

  it.each<[string, RegExp]>([
    ["https://user:pass@a.example/h", /credentials/],
    ["https://token@a.example/h", /credentials/],
    [`https://a.example/${"x".repeat(2_048)}`, /at most 2048 characters/],
    ["https://a.example/h#frag", /fragment/],
  ])("refuses the url %s", (value, error) => {
    expect(errors({ url: value }).join("; ")).toMatch(error);
  });

  it("names at most ten unknown fields and counts the rest, however many there are", () => {
    const body = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 1]));
    const list = errors({ url, ...body });
    expect(list).toHaveLength(11);
    expect(list[10]).toBe("and 199990 more unknown fields");
    expect(JSON.stringify(list).length).toBeLessThan(1_000);
  });
});

describe("parseReplayRequest strictness", () => {
  it.each([null, "all", [], 5])("refuses the body %j rather than replaying everything", (body) => {
    expect(parseReplayRequest(body).ok).toBe(false);
  });
});
