import { describe, expect, it } from "vitest";
import { matchesIssuer, parseIssuerFilter, type IssuerFilter } from "../../lib/domain/subscriptionFilter.js";

const own = "0x" + "aa".repeat(20);
const other = "0x" + "bb".repeat(20);

describe("matchesIssuer", () => {
  it.each<[IssuerFilter, string, boolean]>([
    ["self", own, true],
    ["self", other, false],
    ["others", own, false],
    ["others", other, true],
    ["all", own, true],
    ["all", other, true],
    [[other], other.toUpperCase().replace("0X", "0x"), true],
    [[other], own, false],
  ])("%j for %s → %s", (filter, issuer, expected) => {
    expect(matchesIssuer(filter, issuer, own.toUpperCase().replace("0X", "0x"))).toBe(expected);
  });
});

describe("parseIssuerFilter", () => {
  it.each<[unknown, boolean]>([
    [undefined, true],
    ["self", true],
    ["others", true],
    ["all", true],
    [[own, other], true],
    [[], false],
    ["mine", false],
    [["0x12"], false],
    [42, false],
  ])("%j valid: %s", (value, ok) => expect(parseIssuerFilter(value).ok).toBe(ok));

  it("normalises addresses to lower case without duplicates", () => {
    expect(parseIssuerFilter([other.toUpperCase().replace("0X", "0x"), other])).toEqual({ ok: true, filter: [other] });
  });
});
