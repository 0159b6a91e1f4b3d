import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden } from "./golden.js";

const value = { events: [{ EventType: 12 }], name: "sequence" };
const fresh = (): string => join(mkdtempSync(join(tmpdir(), "golden-")), "history.json");

describe("expectGolden", () => {
  it("fails when the golden file is missing, and does not create it", () => {
    const file = fresh();
    expect(() => expectGolden(file, value, {})).toThrow(/missing; create it with UPDATE_GOLDEN=1/);
    expect(existsSync(file)).toBe(false);
  });

  it("fails when the output differs from the golden file", () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify({ ...value, name: "other" }));
    expect(() => expectGolden(file, value, {})).toThrow();
  });

  it("passes when the output equals the golden file", () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify(value));
    expectGolden(file, value, {});
  });

  it("rewrites the golden file with UPDATE_GOLDEN=1", () => {
    const file = fresh();
    writeFileSync(file, "{}");
    expectGolden(file, value, { UPDATE_GOLDEN: "1" });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(value);
  });

  it("refuses UPDATE_GOLDEN=1 under CI", () => {
    const file = fresh();
    expect(() => expectGolden(file, value, { UPDATE_GOLDEN: "1", CI: "true" })).toThrow(/refused under CI/);
    expect(existsSync(file)).toBe(false);
  });
});
