// The send progress display: a bar redrawn in place on a terminal, plain lines every 10% otherwise.
import { describe, expect, it } from "vitest";
import { createProgress } from "../../../local/bank/progressBar.js";

function capture(isTTY: boolean): {
  stream: { isTTY: boolean; columns: number; write(t: string): void };
  text(): string;
} {
  let text = "";
  return { stream: { isTTY, columns: 80, write: (t: string) => void (text += t) }, text: () => text };
}

describe("createProgress", () => {
  it("prints a plain line at each new tenth when the stream is not a terminal, and the total at the end", () => {
    const out = capture(false);
    const progress = createProgress({ total: 1000, label: "sent", stream: out.stream });
    for (const done of [50, 120, 150, 480, 1000]) progress.update(done);
    progress.finish();
    const lines = out.text().trimEnd().split("\n");
    expect(lines.map((l) => l.replace(/, \d+\/s\)$/, ")"))).toEqual([
      "120/1000 sent (12%)",
      "480/1000 sent (48%)",
      "1000/1000 sent (100%)",
    ]);
  });

  it("redraws one line in place on a terminal, throttled, and ends it with a newline", () => {
    const out = capture(true);
    const progress = createProgress({ total: 200, label: "sent", stream: out.stream, redrawEveryInMs: 0 });
    progress.update(100);
    progress.finish();
    const clearToEnd = "\u001b[K";
    const frames = out.text().split("\r").filter(Boolean);
    expect(frames[0]).toMatch(/^\[#+\.+\] 50% 100\/200 sent \d+\/s/);
    expect(frames[0]?.endsWith(clearToEnd)).toBe(true);
    expect(frames.at(-1)?.endsWith(`${clearToEnd}\n`)).toBe(true);
    expect(out.text()).not.toContain("\n\r");
  });
});
