import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARTIFACT_PATH, renderArtifact } from "../../contracts/compile.js";

describe("contracts/artifacts", () => {
  it("matches a fresh compilation of CreditRegistry.sol (run `npm run contracts:compile` when this fails)", () => {
    expect(readFileSync(ARTIFACT_PATH, "utf8")).toBe(renderArtifact());
  });
});
