import { describe, expect, it } from "vitest";
import { compileRoute } from "../src/routes.js";
import { parseTimeSpan, resolveSettings } from "../src/settings.js";

describe("compileRoute", () => {
  it("matches literals case-insensitively and decodes parameters", () => {
    expect(compileRoute("Orders/{id}").match("/orders/a%20b")).toEqual({ id: "a b" });
    expect(compileRoute("orders/{id}").match("/orders")).toBeUndefined();
    expect(compileRoute("orders/{id}").match("/orders/1/extra")).toBeUndefined();
  });

  it("supports optional parameters, defaults and catch-all", () => {
    expect(compileRoute("items/{page?}").match("/items")).toEqual({});
    expect(compileRoute("items/{page=1}").match("/items")).toEqual({ page: "1" });
    expect(compileRoute("items/{page=1}").match("/items/3")).toEqual({ page: "3" });
    expect(compileRoute("files/{*rest}").match("/files")).toEqual({});
    expect(compileRoute("files/{*rest}").match("/files/a/b")).toEqual({ rest: "a/b" });
  });

  it("applies inline constraints", () => {
    const guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    expect(compileRoute("x/{id:guid}").match(`/x/${guid}`)).toEqual({ id: guid });
    expect(compileRoute("x/{id:guid}").match("/x/nope")).toBeUndefined();
    expect(compileRoute("x/{on:bool}").match("/x/TRUE")).toEqual({ on: "TRUE" });
    expect(compileRoute("x/{n:int:min(10)}").match("/x/9")).toBeUndefined();
    expect(compileRoute("x/{n:range(1,5)}").match("/x/5")).toEqual({ n: "5" });
    expect(compileRoute("x/{s:maxlength(3)}").match("/x/abcd")).toBeUndefined();
    expect(compileRoute("x/{s:regex(^a+b$)}").match("/x/aab")).toEqual({ s: "aab" });
    expect(compileRoute("x/{d:datetime}").match("/x/2026-01-05")).toEqual({ d: "2026-01-05" });
  });

  it("rejects unknown constraints loudly", () => {
    expect(() => compileRoute("x/{a:nonsense}").match("/x/1")).toThrow(/Unknown route constraint/);
  });
});

describe("settings", () => {
  it("parses .NET TimeSpan strings", () => {
    expect(parseTimeSpan("00:05:00")).toBe(300_000);
    expect(parseTimeSpan("1.02:00:00")).toBe(26 * 3_600_000);
    expect(parseTimeSpan("00:00:00.80")).toBe(800);
    expect(parseTimeSpan("-1")).toBeUndefined();
    expect(parseTimeSpan("PT5M")).toBeUndefined();
  });

  it("resolves %Setting% expressions deeply and reports the missing ones", () => {
    const missing = new Set<string>();
    const resolved = resolveSettings({ queue: "%Q%", nested: ["%Q%-dlq", "%NOPE%"], n: 3 }, { Q: "orders" }, missing);
    expect(resolved).toEqual({ queue: "orders", nested: ["orders-dlq", "%NOPE%"], n: 3 });
    expect([...missing]).toEqual(["NOPE"]);
  });
});
