// Realistic subject identifiers for generated updates: national ids, tax ids and passport numbers in the shape
// each country prints them (with their check digits where the country has one), and LEIs with valid ISO 17442
// check digits. Every id passes `normaliseSubject` for its scheme.
import type { Subject } from "../../lib/domain/subject.js";
import type { Random } from "./random.js";

const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHIJKLMNPRSTUVWXYZ";
const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

type IdMaker = (random: Random) => string | null;

/** National identity numbers by country; `null` means "draw again" (no valid check digit for that draw). */
const NATIONAL_IDS: Record<string, IdMaker> = {
  SE: (r) => {
    const date = birthDate(r);
    const body = date.slice(2) + r.chars(3, DIGITS);
    return `${date}-${body.slice(6)}${luhnCheckDigit(body)}`;
  },
  NO: (r) => {
    const body = ddmmyy(birthDate(r)) + r.chars(3, DIGITS);
    const k1 = mod11Check(body, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    const k2 = k1 === null ? null : mod11Check(body + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    return k1 === null || k2 === null ? null : `${body}${k1}${k2}`;
  },
  DK: (r) => `${ddmmyy(birthDate(r))}-${r.chars(4, DIGITS)}`,
  FI: (r) => {
    const date = birthDate(r);
    const individual = String(r.int(2, 899)).padStart(3, "0");
    const check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[Number(ddmmyy(date) + individual) % 31];
    return `${ddmmyy(date)}${date.startsWith("19") ? "-" : "A"}${individual}${check}`;
  },
  NL: (r) => {
    const body = String(r.int(1, 9)) + r.chars(7, DIGITS);
    const sum = [...body].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
    return sum % 11 === 10 ? null : `${body}${sum % 11}`;
  },
  ES: (r) => {
    const number = r.chars(8, DIGITS);
    return `${number}-${"TRWAGMYFPDXBNJZSQVHLCKE"[Number(number) % 23]}`;
  },
};

/** Tax identification numbers by country. */
const TAX_IDS: Record<string, IdMaker> = {
  DE: (r) => {
    const body = String(r.int(1, 9)) + r.chars(9, DIGITS);
    return body + iso7064Mod11Mod10(body);
  },
  FR: (r) =>
    `${r.int(0, 3)}${r.chars(1, DIGITS)} ${r.chars(2, DIGITS)} ${r.chars(3, DIGITS)} ${r.chars(3, DIGITS)} ${r.chars(3, DIGITS)}`,
  GB: (r) => `${r.chars(5, DIGITS)} ${r.chars(5, DIGITS)}`,
  US: (r) => `${r.int(100, 665)}-${String(r.int(1, 99)).padStart(2, "0")}-${String(r.int(1, 9999)).padStart(4, "0")}`,
  PL: (r) => {
    const body = String(r.int(1, 9)) + r.chars(8, DIGITS);
    const k = mod11Check(body, [6, 5, 7, 2, 3, 4, 5, 6, 7], true);
    return k === null ? null : `${body.slice(0, 3)}-${body.slice(3, 6)}-${body.slice(6, 8)}-${body[8]}${k}`;
  },
};

/** Local operating units that issue LEIs (their 4-character prefixes), by the company's country. */
const LEI_PREFIXES: Record<string, string[]> = {
  GB: ["2138", "2549"],
  DE: ["5299", "3912"],
  FR: ["9695", "9845"],
  NL: ["7245"],
  SE: ["5493"],
  US: ["5493", "2549"],
};

/** Countries each scheme draws from. */
export const SCHEME_COUNTRIES: Record<Subject["scheme"], readonly string[]> = {
  "national-id": Object.keys(NATIONAL_IDS),
  "tax-id": Object.keys(TAX_IDS),
  passport: ["SE", "NO", "DK", "FI", "DE", "NL", "FR", "ES", "GB", "US"],
  lei: Object.keys(LEI_PREFIXES),
};

/** A random subject of `scheme` from one of its countries, in the form people type it. */
export function randomSubject(random: Random, scheme: Subject["scheme"]): Subject {
  const country = random.pick(SCHEME_COUNTRIES[scheme]);
  for (;;) {
    const id = makeId(random, scheme, country);
    if (id !== null) return { scheme, country, id };
  }
}

function makeId(random: Random, scheme: Subject["scheme"], country: string): string | null {
  switch (scheme) {
    case "national-id":
      return (NATIONAL_IDS[country] as IdMaker)(random);
    case "tax-id":
      return (TAX_IDS[country] as IdMaker)(random);
    case "passport":
      return country === "US" ? random.chars(9, DIGITS) : random.chars(2, LETTERS) + random.chars(7, DIGITS);
    case "lei":
      return withLeiCheckDigits(random.pick(LEI_PREFIXES[country] ?? ["5493"]) + "00" + random.chars(12, ALPHANUMERIC));
  }
}

/** Appends the two ISO 17442 check digits (ISO 7064 MOD 97-10) to the first 18 characters of an LEI. */
export function withLeiCheckDigits(base18: string): string {
  let remainder = 0;
  for (const char of base18 + "00") {
    const digits = char >= "A" ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return base18 + String(98 - remainder).padStart(2, "0");
}

/** A birth date between 1940 and 2005 as YYYYMMDD. */
function birthDate(random: Random): string {
  const day = new Date(Date.UTC(1940, 0, 1) + random.int(0, 65 * 365) * 86_400_000);
  return day.toISOString().slice(0, 10).replaceAll("-", "");
}

function ddmmyy(yyyymmdd: string): string {
  return yyyymmdd.slice(6, 8) + yyyymmdd.slice(4, 6) + yyyymmdd.slice(2, 4);
}

function luhnCheckDigit(digits: string): number {
  const sum = [...digits].reduce((s, d, i) => {
    const v = Number(d) * (i % 2 === 0 ? 2 : 1);
    return s + (v > 9 ? v - 9 : v);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

/** Weighted mod-11 check digit; `null` when the draw has none (a remainder that maps to 10). */
function mod11Check(digits: string, weights: readonly number[], plainRemainder = false): number | null {
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  const k = plainRemainder ? sum % 11 : (11 - (sum % 11)) % 11;
  return k === 10 ? null : k;
}

/** The German tax id's check digit (ISO 7064 MOD 11,10). */
function iso7064Mod11Mod10(digits: string): number {
  let product = 10;
  for (const d of digits) {
    const sum = (Number(d) + product) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10;
}
