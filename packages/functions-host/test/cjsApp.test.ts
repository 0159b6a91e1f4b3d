import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

let h: TestHost;
beforeAll(async () => {
  h = await startTestHost({ appDir: fixtureApp("cjsApp") });
});
afterAll(() => h?.stop());

describe("a compiled CommonJS app", () => {
  it("loads through the package.json main glob and serves HTTP without a route prefix", async () => {
    expect(await (await h.fetch("/ping")).json()).toEqual({ pong: true, module: "object" });
  });

  it("reports a function whose %Setting% does not resolve and runs the rest", () => {
    expect(h.host.functionErrors.get("broken")).toMatch(/'%MISSING_QUEUE%'/);
    expect(h.logs.some((l) => l.level === "error" && /The 'broken' function is in error/.test(l.message))).toBe(true);
    expect([...h.host.functions.keys()]).toEqual(["ping"]);
  });
});
