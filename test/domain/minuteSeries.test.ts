import { describe, expect, it } from "vitest";
import { minuteKey, minuteStart, minutesUpTo, sumPerMinute } from "../../lib/domain/minuteSeries.js";

describe("minuteKey", () => {
  it("names the UTC minute and reads back as its start", () => {
    const key = minuteKey(new Date("2026-12-05T07:41:59.999Z"));
    expect(key).toBe("202612050741");
    expect(minuteStart(key).toISOString()).toBe("2026-12-05T07:41:00.000Z");
  });
});

describe("minutesUpTo", () => {
  it("lists the minutes up to the current one, oldest first, across an hour", () => {
    expect(minutesUpTo(new Date("2026-12-05T08:01:30Z"), 3)).toEqual(["202612050759", "202612050800", "202612050801"]);
  });
});

describe("sumPerMinute", () => {
  it("sums each minute's rows and fills empty minutes with no counts", () => {
    const rows: { minute: string; counts: Record<string, number> }[] = [
      { minute: "202612050800", counts: { accepted: 2 } },
      { minute: "202612050800", counts: { accepted: 3, rejected: 1 } },
      { minute: "202612050700", counts: { accepted: 9 } },
    ];
    expect(sumPerMinute(["202612050759", "202612050800"], rows)).toEqual([
      { minute: "202612050759", counts: {} },
      { minute: "202612050800", counts: { accepted: 5, rejected: 1 } },
    ]);
  });
});
