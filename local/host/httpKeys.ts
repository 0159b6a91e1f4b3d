// Function and admin keys for `authLevel`, read from app settings: `FUNCTIONS_MASTER_KEY` (admin level and every
// function), `FUNCTIONS_HOST_KEY` (every function) and `FUNCTIONS_KEY_<FunctionName>` (one function). With no key
// configured the host does not enforce `authLevel`, like Core Tools.

/** Decides whether a request presents a key good enough for a function's `authLevel`. */
export class HttpKeys {
  readonly #master: string | undefined;
  readonly #host: string | undefined;
  readonly #perFunction = new Map<string, string>();

  constructor(settings: Record<string, string>) {
    this.#master = settings.FUNCTIONS_MASTER_KEY || undefined;
    this.#host = settings.FUNCTIONS_HOST_KEY || undefined;
    for (const [key, value] of Object.entries(settings)) {
      if (key.startsWith("FUNCTIONS_KEY_") && value) this.#perFunction.set(key.slice(14).toLowerCase(), value);
    }
  }

  /** True when at least one key is configured, so `authLevel` is enforced. */
  get enforced(): boolean {
    return this.#master !== undefined || this.#host !== undefined || this.#perFunction.size > 0;
  }

  /** The master key, when one is configured (the durable URLs carry it as `code=`). */
  get masterKey(): string | undefined {
    return this.#master;
  }

  /** True when `presented` satisfies `authLevel` for `functionName`. */
  authorize(authLevel: unknown, functionName: string, presented: string | undefined): boolean {
    const level = typeof authLevel === "string" ? authLevel.toLowerCase() : "function";
    if (level === "anonymous" || !this.enforced) return true;
    if (presented === undefined || presented === "") return false;
    if (presented === this.#master) return true;
    if (level === "admin") return false;
    return presented === this.#host || presented === this.#perFunction.get(functionName.toLowerCase());
  }
}
