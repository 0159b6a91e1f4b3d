// Function and admin keys for `authLevel`, read from app settings: `FUNCTIONS_MASTER_KEY` (admin level and every
// function), `FUNCTIONS_HOST_KEY` (every function) and `FUNCTIONS_KEY_<FunctionName>` (one function), and the
// Durable extension's system key `FUNCTIONS_SYSTEM_KEY_DURABLETASK_EXTENSION` (Azure: `durabletask_extension`) for
// `/runtime/webhooks/durabletask`. With no key configured the host does not enforce keys, like Core Tools.
// One setting Azure has no counterpart for: `FUNCTIONS_OPERATOR_KEY`, a host key the stand-in reports as the
// operator role, standing in for an Entra ID app role (the host reports the master key as admin, others as reader).
import { randomBytes } from "node:crypto";

/** Set by the host on every HTTP invocation (and stripped from clients): the role of the key the caller presented. */
export const KEY_ROLE_HEADER = "x-functions-key-role";

/** Decides whether a request presents a key good enough for a function's `authLevel`. */
export class HttpKeys {
  readonly #master: string | undefined;
  readonly #host: string | undefined;
  readonly #operator: string | undefined;
  readonly #durableSystem: string | undefined;
  readonly #perFunction = new Map<string, string>();

  constructor(settings: Record<string, string>) {
    this.#master = settings.FUNCTIONS_MASTER_KEY || undefined;
    this.#host = settings.FUNCTIONS_HOST_KEY || undefined;
    this.#operator = settings.FUNCTIONS_OPERATOR_KEY || undefined;
    this.#durableSystem = settings.FUNCTIONS_SYSTEM_KEY_DURABLETASK_EXTENSION || undefined;
    for (const [key, value] of Object.entries(settings)) {
      if (key.startsWith("FUNCTIONS_KEY_") && value) this.#perFunction.set(key.slice(14).toLowerCase(), value);
    }
  }

  /** True when at least one key is configured, so `authLevel` is enforced. */
  get enforced(): boolean {
    const system = this.#durableSystem !== undefined || this.#operator !== undefined;
    return this.#master !== undefined || this.#host !== undefined || system || this.#perFunction.size > 0;
  }

  /**
   * The path segment of the in-process Durable client's RPC base URL, new per host process: in Azure that client
   * talks to the extension on a loopback-only port; here it shares the host's port, so the path is the secret.
   */
  readonly rpcToken = randomBytes(24).toString("base64url");

  /** The role a presented key grants (what the host passes to the app in {@link KEY_ROLE_HEADER}). */
  role(presented: string | undefined): "admin" | "operator" | "reader" | "anonymous" {
    if (presented === undefined || presented === "") return "anonymous";
    if (presented === this.#master) return "admin";
    if (presented === this.#operator) return "operator";
    const reader = presented === this.#host || [...this.#perFunction.values()].includes(presented);
    return reader ? "reader" : "anonymous";
  }

  /** True when `presented` is the Durable extension's system key or the master key. */
  authorizeDurable(presented: string | undefined): boolean {
    if (!this.enforced) return true;
    if (presented === undefined || presented === "") return false;
    return presented === this.#master || presented === this.#durableSystem;
  }

  /** True when `presented` satisfies `authLevel` for `functionName`. */
  authorize(authLevel: unknown, functionName: string, presented: string | undefined): boolean {
    const level = typeof authLevel === "string" ? authLevel.toLowerCase() : "function";
    if (level === "anonymous" || !this.enforced) return true;
    if (presented === undefined || presented === "") return false;
    if (presented === this.#master) return true;
    if (level === "admin") return false;
    const hostKey = presented === this.#host || presented === this.#operator;
    return hostKey || presented === this.#perFunction.get(functionName.toLowerCase());
  }
}
