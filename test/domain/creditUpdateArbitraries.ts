// fast-check generators of credit update messages from the edges of every field. Each field is drawn from its valid
// edges (maximum lengths, dates at the bounds, leap seconds, offsets, unicode, numeric-looking strings and strings
// ending in `n`, the shapes a type-guessing row reader gets wrong) and, one time in ten, from just past them.
import fc from "fast-check";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Text the schema allows in attributes: no control characters, no unpaired surrogates. */
// eslint-disable-next-line no-control-regex -- the point: the control characters the schema refuses
const PLAIN = /^[^\u0000-\u001F\u007F-\u009F\uD800-\uDFFF]*$/u;

/** Mostly `valid`, one time in `oneIn` (ten by default) `invalid`. */
function edge<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>, oneIn = 10): fc.Arbitrary<T> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

const numericLooking = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map((n) => `${n}n`),
  fc.integer({ min: 0, max: 1e9 }).map(String),
  fc.constantFrom("0n", "36n", "-1n", "1e400", "NaN", "true", "null", "constructor", "prototype"),
);
const printable = (min: number, max: number) =>
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: min,
    maxLength: max,
  });

function instant(
  parts: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  tail: string,
) {
  const { year, month, day, hour, minute, second } = parts;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${tail}`;
}

/** RFC 3339 instants from 1970 to now, with fractions, offsets and leap seconds; or just outside. */
function instants(now: Date): fc.Arbitrary<string> {
  const fraction = fc.oneof(fc.constant(""), fc.stringMatching(/^\.[0-9]{1,9}$/));
  const offset = fc.oneof(
    fc.constant("Z"),
    fc
      .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
  );
  const parts = fc.record({
    year: fc.integer({ min: 1970, max: now.getUTCFullYear() - 1 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  });
  const valid = fc.oneof(
    fc.tuple(parts, fraction, offset).map(([p, f, o]) => instant({ ...p, year: Math.max(p.year, 1971) }, `${f}${o}`)),
    fc.integer({ min: 1, max: now.getTime() }).map((ms) => new Date(ms).toISOString()),
    fc.constantFrom(
      "2016-12-31T23:59:60Z",
      "2016-12-31T23:59:60.999+00:00",
      "1970-01-01T00:00:00.001Z",
      "2024-02-29T12:00:00Z",
    ),
  );
  const invalid = fc.oneof(
    fc.tuple(parts, fc.constantFrom("13", "00"), offset).map(([p, m, o]) => instant(p, o).replace(/-\d\d-/, `-${m}-`)),
    fc.tuple(parts, offset).map(([p, o]) => instant({ ...p, hour: 24 }, o)),
    fc.tuple(parts, offset).map(([p, o]) => instant({ ...p, minute: 58, second: 60 }, o)),
    fc.constantFrom(
      "1931-05-01T00:00:00Z",
      "1970-01-01T00:00:00Z",
      "1970-01-01T00:30:00+01:00",
      "2026-12-04",
      "2026-12-04T10:00:00z",
    ),
    fc.constantFrom("2023-02-29T00:00:00Z", "2026-01-01T10:00:00+0100", "2026-01-01 10:00:00Z", "9999-12-31T23:59:59Z"),
  );
  return edge(valid, invalid);
}

const attributeValue = edge(
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 64 }).filter((s) => s.length <= 256 && PLAIN.test(s)),
    fc.string({ unit: "binary", maxLength: 256 }).filter((s) => PLAIN.test(s)),
    numericLooking,
    fc.integer({ min: -MAX_SAFE, max: MAX_SAFE }),
    fc.double({ min: -MAX_SAFE, max: MAX_SAFE, noNaN: true }),
    fc.constantFrom(MAX_SAFE, -MAX_SAFE, -0, 0.1, "x".repeat(256), "🧾".repeat(128)),
    fc.boolean(),
  ),
  fc.oneof(fc.constantFrom("x".repeat(257), "a\u0000b", "a\uD800b", "\u009F", 2 ** 53, -(2 ** 53)), fc.constant(null)),
  100,
);
const attributeName = edge(
  fc.oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,63}$/),
    fc.constantFrom("constructor", "prototype", "x".repeat(64)),
  ),
  fc.constantFrom("x".repeat(65), "_x", "1x", "a-b", ""),
  100,
);

/** A credit update body (as an object, a JSON string or bytes) and the message id it is sent with. */
export function creditUpdateBodies(now: Date): fc.Arbitrary<{ body: unknown; messageId: string | undefined }> {
  const update = fc.record({
    schemaVersion: edge(fc.constant(1), fc.constantFrom(2, 0, "1")),
    updateId: edge(
      fc.oneof(printable(1, 128), numericLooking),
      fc.oneof(printable(129, 140), fc.constantFrom("", "a b", "é")),
    ),
    subject: fc.record({
      scheme: edge(fc.constantFrom("national-id", "tax-id", "passport"), fc.constantFrom("ssn", "")),
      country: edge(fc.constantFrom("SE", "se", "No"), fc.constantFrom("SWE", "S1", "")),
      id: edge(
        fc.stringMatching(/^[A-Z0-9]{5,20}$/),
        fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom("12", "x".repeat(65))),
      ),
    }),
    score: edge(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, 1001, 65536, 0.5)),
    scoreModel: edge(
      fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/), fc.constantFrom("12n", "0")),
      fc.constantFrom("M".repeat(17), "é", ""),
    ),
    asOf: instants(now),
    reasonCodes: edge(
      fc.uniqueArray(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/), numericLooking), { maxLength: 16 }),
      fc.constantFrom(
        Array.from({ length: 17 }, (_, i) => `R${i}`),
        ["a b"],
        ["A", "A"],
      ),
    ),
    attributes: fc.dictionary(attributeName, attributeValue, { maxKeys: 32 }),
  });
  const form = fc.constantFrom("object", "object", "json", "bytes");
  const id = fc.constantFrom("same", "same", "same", "same", "same", "same", "same", "same", "other", "none");
  return fc.tuple(update, form, id).map(([u, f, i]) => ({
    body: f === "object" ? u : f === "json" ? JSON.stringify(u) : Buffer.from(JSON.stringify(u)),
    messageId: i === "same" ? u.updateId : i === "other" ? `${u.updateId}-other` : undefined,
  }));
}
