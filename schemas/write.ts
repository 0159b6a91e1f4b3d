// Writes the published JSON Schemas from their definitions in lib/domain (`npm run schemas:write`);
// test/domain/creditUpdateSchema.test.ts fails when the published file is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { creditUpdateSchema } from "../lib/domain/creditUpdateSchema.js";

export const CREDIT_UPDATE_SCHEMA_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "credit-update.v1.schema.json",
);

/** The published file's exact text. */
export function renderCreditUpdateSchema(): string {
  return JSON.stringify(creditUpdateSchema, null, 2) + "\n";
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CREDIT_UPDATE_SCHEMA_PATH, renderCreditUpdateSchema());
  console.log(`wrote ${path.relative(process.cwd(), CREDIT_UPDATE_SCHEMA_PATH)}`);
}
