// The behaviour every RecordIndex promises (lib/ports/), written once and run against the in-memory
// fake and the Azure Table adapter (recordIndex.test.ts): per subject and issuer the newest event in chain order
// (block, then log index), whatever order ranges arrive or are replayed in, found in any letter case.
import { describe, expect, it } from "vitest";
import type { RecordIndex } from "../../lib/ports/distribution.js";
import type { ChainRecordEvent } from "../../lib/domain/webhookEvents.js";
import { sampleEvent } from "../support/distributionHarness.js";

const ISSUER = "0x" + "a1".repeat(20);
const OTHER_ISSUER = "0x" + "B2".repeat(20);

/** An event of subject `subject` at (block, logIndex). */
function event(subject: number, blockNumber: number, logIndex = 0, issuer = ISSUER): ChainRecordEvent {
  return {
    ...sampleEvent(subject, issuer),
    blockNumber,
    logIndex,
    recordHash: "0x" + `${blockNumber}${logIndex}`.padStart(64, "0"),
  };
}

/** The block range of `events`. */
function rangeOf(events: readonly ChainRecordEvent[]): { fromBlock: number; toBlock: number } {
  const blocks = events.map((e) => e.blockNumber);
  return { fromBlock: Math.min(...blocks), toBlock: Math.max(...blocks) };
}

/** Registers the RecordIndex contract for one implementation; `make` returns an empty index. */
export function describeRecordIndex(name: string, make: () => Promise<RecordIndex>): void {
  describe(`${name} keeps the RecordIndex contract`, () => {
    describe("latest", () => {
      it("returns null for a subject and issuer never indexed", async () => {
        const index = await make();
        await index.putRange({ fromBlock: 10, toBlock: 10 }, [event(1, 10)]);
        expect(await index.latest(event(2, 10).subjectKey, ISSUER)).toBeNull();
        expect(await index.latest(event(1, 10).subjectKey, OTHER_ISSUER)).toBeNull();
      });

      it("finds an event by subject key and issuer in any letter case", async () => {
        const index = await make();
        const stored = event(1, 10, 0, OTHER_ISSUER);
        await index.putRange({ fromBlock: 10, toBlock: 10 }, [stored]);
        expect(await index.latest(stored.subjectKey, OTHER_ISSUER.toLowerCase())).toEqual(stored);
        expect(await index.latest(stored.subjectKey.toUpperCase().replace("0X", "0x"), OTHER_ISSUER)).toEqual(stored);
      });

      it("hands out copies: changing an indexed or read event does not change what is stored", async () => {
        const index = await make();
        const written = event(1, 10);
        await index.putRange({ fromBlock: 10, toBlock: 10 }, [written]);
        written.score = 1;
        (await index.latest(written.subjectKey, ISSUER))!.score = 2;
        expect(await index.latest(written.subjectKey, ISSUER)).toEqual(event(1, 10));
      });
    });

    describe("putRange", () => {
      it("keeps the newest event of a range per subject and issuer, by block then log index", async () => {
        const index = await make();
        const events = [event(1, 10, 3), event(1, 10, 7), event(1, 11, 0), event(2, 11, 5), event(2, 11, 2)];
        events.push(event(1, 10, 9, OTHER_ISSUER));
        await index.putRange(rangeOf(events), events);
        expect(await index.latest(event(1, 0).subjectKey, ISSUER)).toEqual(event(1, 11, 0));
        expect(await index.latest(event(2, 0).subjectKey, ISSUER)).toEqual(event(2, 11, 5));
        expect(await index.latest(event(1, 0).subjectKey, OTHER_ISSUER)).toEqual(event(1, 10, 9, OTHER_ISSUER));
      });

      it("replaces an indexed event with a newer one from a later range", async () => {
        const index = await make();
        await index.putRange({ fromBlock: 10, toBlock: 19 }, [event(1, 12)]);
        await index.putRange({ fromBlock: 20, toBlock: 29 }, [event(1, 25)]);
        await index.putRange({ fromBlock: 30, toBlock: 30 }, [event(1, 30, 0), event(1, 30, 1)]);
        expect(await index.latest(event(1, 0).subjectKey, ISSUER)).toEqual(event(1, 30, 1));
      });

      it("keeps the newer event when an older range is replayed or arrives late", async () => {
        const index = await make();
        await index.putRange({ fromBlock: 10, toBlock: 19 }, [event(1, 12), event(2, 15)]);
        await index.putRange({ fromBlock: 20, toBlock: 29 }, [event(1, 25)]);
        await index.putRange({ fromBlock: 10, toBlock: 19 }, [event(1, 12), event(2, 15)]);
        await index.putRange({ fromBlock: 5, toBlock: 9 }, [event(2, 6), event(3, 7)]);
        expect(await index.latest(event(1, 0).subjectKey, ISSUER)).toEqual(event(1, 25));
        expect(await index.latest(event(2, 0).subjectKey, ISSUER)).toEqual(event(2, 15));
        expect(await index.latest(event(3, 0).subjectKey, ISSUER)).toEqual(event(3, 7));
      });

      it("keeps an indexed event when a range without events passes over it", async () => {
        const index = await make();
        await index.putRange({ fromBlock: 10, toBlock: 10 }, [event(1, 10)]);
        await index.putRange({ fromBlock: 11, toBlock: 40 }, []);
        await index.putRange({ fromBlock: 10, toBlock: 40 }, []);
        expect(await index.latest(event(1, 0).subjectKey, ISSUER)).toEqual(event(1, 10));
      });
    });
  });
}
