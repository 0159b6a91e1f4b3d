// Time for timers and durable orchestrations: the real clock (with timers longer than setTimeout's 24.8-day
// limit re-armed in steps), and a virtual clock that only moves when a test advances it, firing due timers in order.

/** Cancels a scheduled callback. */
export type CancelTimer = () => void;

/** The time source every schedule in the host uses. */
export interface Clock {
  now(): number;
  /** Calls `callback` once the clock reaches `at` (ms since epoch). */
  at(at: number, callback: () => void): CancelTimer;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Wall-clock time. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  at(at: number, callback: () => void): CancelTimer {
    let handle: NodeJS.Timeout | undefined;
    // Node may fire a timeout a millisecond before Date.now() reaches `at`: check, and re-arm when early, so the
    // callback never runs before its time (callers rely on what is due being visible when it runs).
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay <= 0) {
        handle = setTimeout(callback, 0);
      } else {
        handle = setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
      }
      handle.unref();
    };
    arm();
    return () => clearTimeout(handle);
  }
}

interface VirtualTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that stands still until {@link VirtualClock.advance} moves it; due timers fire in time order. */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: VirtualTimer[] = [];
  readonly #idleChecks: (() => Promise<void>)[] = [];

  constructor(start: Date | number = Date.now()) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  at(at: number, callback: () => void): CancelTimer {
    const timer = { at, seq: this.#seq++, callback };
    if (at <= this.#now) {
      setImmediate(() => {
        if (this.#timers.includes(timer)) this.#fire(timer);
      });
    }
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Registers work that {@link advance} waits for between timers (for example running orchestrations). */
  addIdleCheck(check: () => Promise<void>): void {
    this.#idleChecks.push(check);
  }

  /** Moves time forward by `ms`, firing every timer that falls due (and letting its work settle) on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await this.#settle();
      const next = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#now = Math.max(this.#now, next.at);
      this.#fire(next);
    }
    this.#now = target;
    await this.#settle();
  }

  async #settle(): Promise<void> {
    await settle();
    for (const check of this.#idleChecks) await check();
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  #fire(timer: VirtualTimer): void {
    this.#timers = this.#timers.filter((t) => t !== timer);
    timer.callback();
  }
}

/** Lets pending callbacks and promise chains run (two macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Parses `"90s"`, `"15m"`, `"2h"`, `"3d"`, `"250ms"` or a number of ms. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") return value;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new Error(`Invalid duration '${value}' (use e.g. 250ms, 90s, 15m, 2h, 3d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "ms"];
  return Number(match[1]) * unit;
}
