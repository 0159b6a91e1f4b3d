// Reading an NDJSON updates file: every bad line is reported with its number and each failing field; blank lines
// are skipped; a repeated update id is reported against its first line.
import { describe, expect, it } from "vitest";
import { generateUpdates } from "../../../local/bank/generateUpdates.js";
import { formatLineProblems, readUpdatesFile } from "../../../local/bank/updatesFile.js";
import { writeLines } from "./harness.js";

describe("readUpdatesFile", () => {
  it("reports each invalid line with its line number and field, and keeps the valid lines as written", async () => {
    const [a, b, c] = generateUpdates(3, { bank: "bank-a", seed: "file" });
    const lines = [
      JSON.stringify(a),
      "",
      "{ not json",
      JSON.stringify({ ...b, score: 2000 }),
      JSON.stringify({ ...c, subject: { scheme: "lei", country: "GB", id: "5493001KJTIIGC8Y1R13" } }),
      JSON.stringify({ ...c, updateId: a!.updateId }),
      JSON.stringify(c),
      JSON.stringify({ ...b, asOf: undefined, scoreModel: "a model with spaces" }),
    ];
    const file = await readUpdatesFile(writeLines(lines), { scoreRange: { min: 0, max: 1000 } });
    expect(file.updates.map((u) => [u.line, u.updateId])).toEqual([
      [1, a!.updateId],
      [7, c!.updateId],
    ]);
    expect(file.updates[0]?.body).toEqual(a);
    expect(formatLineProblems(file.problems)).toEqual([
      "line 3: (body): is not valid JSON",
      "line 4: score: must be between 0 and 1000",
      "line 5: subject.id: must be an ISO 17442 LEI (20 characters, valid check digits) for lei",
      "line 6: updateId: repeats the update id of line 1",
      "line 8: asOf: is required",
      "line 8: scoreModel: must be 1–16 letters, digits, '.', '_' or '-'",
    ]);
  });

  it("names a missing file", async () => {
    await expect(readUpdatesFile("/nonexistent/updates.ndjson")).rejects.toThrow(
      "cannot read /nonexistent/updates.ndjson: no such file",
    );
  });
});
