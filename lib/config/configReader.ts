// Reads typed settings from an environment map, collecting every problem instead of stopping at the first, so
// that one CONFIG_INVALID error lists all missing or invalid settings at once.

/** A typed view of an environment map that records every problem it meets. */
export class SettingsReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  /** The trimmed value, or undefined when unset or blank. */
  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  string(name: string, fallback?: string): string {
    const value = this.optional(name) ?? fallback;
    if (value === undefined) this.problems.push(`${name} is required`);
    return value ?? "";
  }

  integer(name: string, fallback: number | undefined, range: { min?: number; max?: number } = {}): number {
    const raw = this.optional(name);
    if (raw === undefined) {
      if (fallback === undefined) this.problems.push(`${name} is required`);
      return fallback ?? 0;
    }
    const value = Number(raw);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback ?? 0;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name) ?? fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
    return fallback;
  }

  /** A string matching `pattern` (`describe` names the expected form in the problem). */
  pattern(name: string, pattern: RegExp, fallback: string, describe: string): string {
    const value = this.optional(name) ?? fallback;
    if (pattern.test(value)) return value;
    this.problems.push(`${name} must be ${describe}, got "${value}"`);
    return fallback;
  }

  /** A comma-separated list of http(s) URLs. */
  urls(name: string): string[] {
    const list = this.string(name)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const url of list) {
      if (!/^https?:\/\/[^\s]+$/.test(url)) this.problems.push(`${name} has an invalid URL "${url}"`);
    }
    if (this.optional(name) !== undefined && list.length === 0) this.problems.push(`${name} lists no URL`);
    return list;
  }

  /** A 20-byte 0x-hex address. */
  address(name: string): string {
    const value = this.string(name);
    if (value !== "" && !/^0x[0-9a-fA-F]{40}$/.test(value)) this.problems.push(`${name} must be a 0x-prefixed address`);
    return value;
  }

  /** A secret given as 0x-hex or base64, at least `minBytes` long. Its value never appears in a problem. */
  secretBytes(name: string, minBytes: number): Uint8Array {
    const value = this.string(name);
    if (value === "") return new Uint8Array();
    const bytes = /^0x[0-9a-fA-F]*$/.test(value) ? Buffer.from(value.slice(2), "hex") : Buffer.from(value, "base64");
    if (bytes.length < minBytes) this.problems.push(`${name} must hold at least ${minBytes} bytes (hex or base64)`);
    return new Uint8Array(bytes);
  }
}
