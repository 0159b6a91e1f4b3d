// A CI-sized soak: tens of thousands of messages through batch sends and a concurrent subscriber must all
// arrive exactly once, with nothing left behind (no stalled link after rhea's 2048-delivery session window,
// no leaked locks or messages). `npm run bench:servicebus -- 200000` runs the large version by hand.
import { describe, expect, it } from "vitest";
import { countsOf, eventually, scenarioConfig, useEmulator } from "./harness.js";

const COUNT = 20_000;
const sb = useEmulator(scenarioConfig([{ name: "soak" }]));

describe("soak", () => {
  it(`moves ${COUNT} messages through send, subscribe and complete without loss, duplicates or leftovers`, async () => {
    const sender = sb.client().createSender("soak");
    for (let next = 0; next < COUNT;) {
      const batch = await sender.createMessageBatch();
      while (next < COUNT && batch.tryAddMessage({ body: next, messageId: `m-${next}` })) next++;
      await sender.sendMessages(batch);
    }
    expect(await countsOf(sb.emulator(), "soak")).toMatchObject({ active: COUNT });

    const seen = new Set<string>();
    let duplicates = 0;
    const receiver = sb.client().createReceiver("soak");
    await new Promise<void>((resolve, reject) => {
      const sub = receiver.subscribe(
        {
          processMessage: async (m) => {
            if (seen.has(String(m.messageId))) duplicates++;
            seen.add(String(m.messageId));
            if (seen.size === COUNT) setTimeout(() => void sub.close().then(resolve), 200);
          },
          processError: async (args) => reject(args.error),
        },
        { maxConcurrentCalls: 50 },
      );
    });
    expect(seen.size).toBe(COUNT);
    expect(duplicates).toBe(0);
    await receiver.close();
    await eventually(async () => expect(await countsOf(sb.emulator(), "soak")).toMatchObject({ receivers: 0 }));
    expect(await countsOf(sb.emulator(), "soak")).toEqual({
      name: "soak",
      active: 0,
      scheduled: 0,
      deferred: 0,
      locked: 0,
      deadLetter: 0,
      receivers: 0,
    });
  }, 120_000);
});
