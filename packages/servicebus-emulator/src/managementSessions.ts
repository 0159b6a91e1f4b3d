// The session operations of `$management`: renew a session lock, get and set session state, and list
// sessions.
import type { Entity } from "./entity.js";
import { renewSessionLock } from "./entitySessions.js";
import { CONDITION, sessionLockLost } from "./errors.js";
import { badRequest, fail, ok, stringOf, type RequestBody } from "./managementValues.js";
import type { Reply } from "./requestReply.js";

/** Handles a session operation, or returns undefined for operations that are not about sessions. */
export function sessionOperation(entity: Entity, operation: string, body: RequestBody, now: number): Reply | undefined {
  const sessionId = stringOf(body, "session-id");
  const lost = () => fail(410, CONDITION.sessionLockLost, sessionLockLost().description);
  switch (operation) {
    case "com.microsoft:renew-session-lock": {
      if (sessionId === undefined) return badRequest("The request has no session-id.");
      const expiration = renewSessionLock(entity, sessionId, now);
      return expiration === undefined ? lost() : ok({ expiration: new Date(expiration) });
    }
    case "com.microsoft:get-session-state": {
      const entry = sessionId === undefined ? undefined : entity.sessions?.entries.get(sessionId);
      if (!entry?.holder) return lost();
      return ok({ "session-state": entry.state ?? null });
    }
    case "com.microsoft:set-session-state": {
      const entry = sessionId === undefined ? undefined : entity.sessions?.entries.get(sessionId);
      if (!entry?.holder || sessionId === undefined) return lost();
      const state = body["session-state"];
      entity.setSessionState(entry, Buffer.isBuffer(state) ? Buffer.from(state) : undefined);
      return ok();
    }
    case "com.microsoft:get-message-sessions": {
      const ids = [...(entity.sessions?.entries.values() ?? [])].filter((e) => e.messages.size > 0).map((e) => e.id);
      return ok({ skip: 0, "sessions-ids": ids });
    }
    default:
      return undefined;
  }
}
