import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CREDIT_UPDATE_SCHEMA_PATH, renderCreditUpdateSchema } from "../../schemas/write.js";

describe("creditUpdateSchema", () => {
  it("is published unchanged in schemas/ (run `npm run schemas:write` when this fails)", () => {
    expect(readFileSync(CREDIT_UPDATE_SCHEMA_PATH, "utf8")).toBe(renderCreditUpdateSchema());
  });
});
