// A small seeded pseudo-random generator (mulberry32), so generated test data is reproducible from a seed.
// Not for secrets: ids and scores only.

/** Seeded randomness with the helpers the update generator needs. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string;
}

const DIGITS = "0123456789";

/** A generator seeded from any string or number (the same seed gives the same sequence). */
export function seededRandom(seed: string | number): Random {
  let state = hashSeed(String(seed));
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    chars: (length, alphabet = DIGITS) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join(""),
  };
}

/** FNV-1a over the seed text. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
