// Attaching a receiver to an entity: settle modes echoed from the client, plain receivers on plain entities,
// and on session-enabled entities the session handshake (filter echoed with the locked session id, lock
// expiry as .NET ticks, long-polling for the next available session up to the client's timeout).
import type { EventContext, Sender } from "rhea";
import { ticksOf } from "./amqpCodec.js";
import type { ConnectionState } from "./connectionState.js";
import { LinkConsumer } from "./deliveryLink.js";
import type { Entity } from "./entity.js";
import { acceptSession, releaseSession } from "./entitySessions.js";
import { CONDITION } from "./errors.js";
import { guarded } from "./guard.js";
import { linkInternals } from "./rheaInternals.js";
import type { SessionEntry } from "./sessionStore.js";

const SESSION_FILTER = "com.microsoft:session-filter";
const DEFAULT_ACCEPT_TIMEOUT_IN_MS = 60_000;

function wireEvents(consumer: LinkConsumer, state: ConnectionState): void {
  const { link, entity } = consumer;
  const onFlow = guarded("flow", () => consumer.onFlow());
  link.on("sender_flow", onFlow);
  link.on("sendable", onFlow);
  for (const outcome of ["accepted", "released", "modified", "rejected"] as const) {
    link.on(
      outcome,
      guarded("disposition", (ctx: EventContext) => consumer.onDisposition(ctx, outcome)),
    );
  }
  let detached = false;
  const detach = () => {
    if (detached) return;
    detached = true;
    state.cleanups.delete(detach);
    entity.dispatcher.detach(consumer);
    // Session locks end with the link; plain message locks outlive it (settled later via $management).
    if (consumer.session?.holder === consumer) releaseSession(entity, consumer.session, Date.now());
    consumer.session = undefined;
  };
  link.on("sender_close", guarded("detach", detach));
  link.on("sender_error", guarded("detach", detach));
  state.cleanups.add(detach);
}

function completeSessionAttach(consumer: LinkConsumer, entry: SessionEntry, address: string): void {
  consumer.session = entry;
  const internals = linkInternals(consumer.link);
  consumer.link.set_source({ address, filter: { [SESSION_FILTER]: entry.id } });
  internals.local.attach.properties = { "com.microsoft:locked-until-utc": ticksOf(entry.lockedUntil) };
}

/** Attaches a receiving link to an entity (or refuses it with the service's error). */
export function attachConsumer(entity: Entity, link: Sender, state: ConnectionState): void {
  const localAttach = linkInternals(link).local.attach;
  const source = link.source as { address?: string; filter?: Record<string, unknown> } | undefined;
  const address = source?.address ?? "";
  const receiveAndDelete = link.snd_settle_mode === 1;
  localAttach.snd_settle_mode = link.snd_settle_mode;
  localAttach.rcv_settle_mode = link.rcv_settle_mode;
  const target = link.target as { address?: string } | undefined;
  if (target?.address) link.set_target({ address: target.address });
  const wantsSession = !!source?.filter && SESSION_FILTER in source.filter;
  if (!entity.sessions) {
    if (wantsSession) {
      link.close({
        condition: CONDITION.notAllowed,
        description: `The entity '${entity.name}' does not require sessions; a sessionful receiver cannot be created.`,
      });
      return;
    }
    link.set_source({ address });
    const consumer = new LinkConsumer(link, entity, receiveAndDelete);
    entity.dispatcher.consumers.push(consumer);
    wireEvents(consumer, state);
    return;
  }
  if (!wantsSession) {
    link.close({
      condition: CONDITION.notAllowed,
      description: `The entity '${entity.name}' requires sessions; a non-sessionful receiver cannot be created.`,
    });
    return;
  }
  attachSessionConsumer(entity, link, state, {
    address,
    receiveAndDelete,
    sessionId: source?.filter?.[SESSION_FILTER],
  });
}

function attachSessionConsumer(
  entity: Entity,
  link: Sender,
  state: ConnectionState,
  request: { address: string; receiveAndDelete: boolean; sessionId: unknown },
): void {
  const internals = linkInternals(link);
  const consumer = new LinkConsumer(link, entity, request.receiveAndDelete);
  const sessionId = typeof request.sessionId === "string" ? request.sessionId : undefined;
  const timeout = Number((link.properties as Record<string, unknown> | undefined)?.["com.microsoft:timeout"]);
  const deadline = Date.now() + (Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_ACCEPT_TIMEOUT_IN_MS);
  let waiting = false;
  const resume = () => {
    if (!waiting) return;
    internals.state.open_requests++;
    internals.connection._register();
  };
  const outcome = acceptSession(entity, sessionId, consumer, deadline, {
    onSession: (entry) => {
      completeSessionAttach(consumer, entry, request.address);
      wireEvents(consumer, state);
      resume();
    },
    onTimeout: () => {
      resume();
      link.close({
        condition: CONDITION.timeout,
        description: "No unlocked session became available before the operation timed out.",
      });
    },
  });
  if (outcome === "locked") {
    link.close({
      condition: CONDITION.sessionCannotBeLocked,
      description: `The requested session '${sessionId}' cannot be accepted. It may be locked by another receiver.`,
    });
  } else if (outcome === "waiting") {
    // Hold the attach back (rhea answers attaches at once) until a session is free or the timeout passes.
    waiting = true;
    internals.state.open_requests = 0;
    const giveUp = () => entity.sessions?.removeWaiter(consumer);
    link.on("sender_close", giveUp);
    state.cleanups.add(giveUp);
  }
}
