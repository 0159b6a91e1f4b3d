// What the emulator remembers per AMQP connection: the claims granted through `$cbs`, the reply links of
// request/response clients (`$cbs`, `$management`), and cleanups to run when the connection goes away.
import type { Connection, Sender } from "rhea";

/** Normalises an audience or address to a lower-case entity path without `$management`. */
export function entityPathOf(audienceOrAddress: string): string {
  let path = audienceOrAddress.toLowerCase();
  const scheme = path.indexOf("://");
  if (scheme >= 0) {
    const slash = path.indexOf("/", scheme + 3);
    path = slash < 0 ? "" : path.slice(slash + 1);
  }
  return path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\/\$management$/, "");
}

/** Per-connection state. */
export class ConnectionState {
  private readonly claims = new Map<string, number>();
  readonly replyLinks = new Map<string, Sender>();
  readonly cleanups = new Set<() => void>();

  /** Records a validated token for an audience until it expires. */
  grant(audience: string, expiresAt: number): void {
    this.claims.set(entityPathOf(audience), expiresAt);
  }

  /** True when a live claim covers the entity path (a claim covers its sub-paths, the root covers all). */
  isAuthorized(address: string, now: number): boolean {
    const path = entityPathOf(address);
    for (const [granted, expiresAt] of this.claims) {
      if (expiresAt <= now) continue;
      if (granted === "" || path === granted || path.startsWith(`${granted}/`)) return true;
    }
    return false;
  }

  /** Runs and forgets every cleanup (connection closed or dropped). */
  close(): void {
    const cleanups = [...this.cleanups];
    this.cleanups.clear();
    for (const cleanup of cleanups) cleanup();
  }
}

const states = new WeakMap<Connection, ConnectionState>();

/** The state of a connection, created on first use. */
export function connectionStateOf(connection: Connection): ConnectionState {
  let state = states.get(connection);
  if (!state) {
    state = new ConnectionState();
    states.set(connection, state);
  }
  return state;
}
