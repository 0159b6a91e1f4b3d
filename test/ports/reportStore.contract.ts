// The behaviour every ReportStore promises (lib/ports/), written once and run against the in-memory
// fake and the Azure Table adapter (reportStore.test.ts): the latest report is the one started last, a report saved
// again replaces itself, and pruning removes exactly the reports started before a time.
import { describe, expect, it } from "vitest";
import type { ReportStore } from "../../lib/ports/reconciliation.js";
import { countFindings, type Finding, type ReconciliationReport } from "../../lib/domain/reconciliationReport.js";

/** Report `id` started at `startedAt`, with `findings`. */
function report(id: string, startedAt: string, findings: Finding[] = []): ReconciliationReport {
  return {
    id,
    startedAt,
    finishedAt: startedAt,
    blocks: { from: 1, to: 9 },
    counts: countFindings(findings),
    findings,
  };
}

const finding = (n: number): Finding => ({
  kind: "submitted-too-long",
  severity: "warning",
  repaired: false,
  updateId: `update-${n}`,
  detail: "x".repeat(100),
});

/** Registers the ReportStore contract for one implementation; `make` returns an empty store. */
export function describeReportStore(name: string, make: () => Promise<ReportStore>): void {
  describe(`${name} keeps the ReportStore contract`, () => {
    describe("save and latest", () => {
      it("has no latest report before the first is saved", async () => {
        const store = await make();
        expect(await store.latest()).toBeNull();
      });

      it("reads back exactly what was saved, a report over 64 KB included", async () => {
        const store = await make();
        const big = report(
          "big",
          "2026-11-22T00:00:00.000Z",
          Array.from({ length: 1000 }, (_, n) => finding(n)),
        );
        await store.save(big);
        expect(await store.latest()).toEqual(big);
      });

      it("returns the report started last, whatever the order they were saved in", async () => {
        const store = await make();
        await store.save(report("b", "2026-11-22T00:00:00.000Z"));
        await store.save(report("a", "2026-11-01T00:00:00.000Z"));
        expect((await store.latest())?.id).toBe("b");
      });

      it("replaces a report saved again", async () => {
        const store = await make();
        await store.save(report("a", "2026-11-22T00:00:00.000Z"));
        await store.save(report("a", "2026-11-22T00:00:00.000Z", [finding(1)]));
        expect((await store.latest())?.findings).toEqual([finding(1)]);
        expect(await store.prune("2026-11-23T00:00:00.000Z")).toBe(1);
      });

      it("hands out copies: changing a saved or read report does not change what is stored", async () => {
        const store = await make();
        const saved = report("a", "2026-11-22T00:00:00.000Z", [finding(1)]);
        await store.save(saved);
        saved.findings.length = 0;
        (await store.latest())!.findings.length = 0;
        expect((await store.latest())?.findings).toEqual([finding(1)]);
      });
    });

    describe("prune", () => {
      it("deletes the reports started before the time, and counts them", async () => {
        const store = await make();
        await store.save(report("a", "2026-11-01T00:00:00.000Z"));
        await store.save(report("b", "2026-11-10T00:00:00.000Z"));
        await store.save(report("c", "2026-11-22T00:00:00.000Z"));
        expect(await store.prune("2026-11-10T00:00:00.000Z")).toBe(1);
        expect(await store.prune("2026-11-10T00:00:00.000Z")).toBe(0);
        expect((await store.latest())?.id).toBe("c");
        expect(await store.prune("2026-12-01T00:00:00.000Z")).toBe(2);
        expect(await store.latest()).toBeNull();
      });
    });
  });
}
