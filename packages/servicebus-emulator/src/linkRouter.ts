// Decides what each link a client attaches is: `$cbs`, an entity's `$management`, a sender to a queue, or a
// receiver from a queue, its dead-letter queue or one of its sessions; refuses unknown entities and links
// without a claim exactly as the service does (attach with a null terminus, then detach with the error).
import type { EventContext, Receiver, Sender } from "rhea";
import type { Broker } from "./broker.js";
import type { Entity } from "./entity.js";
import { serveCbs } from "./cbs.js";
import { connectionStateOf } from "./connectionState.js";
import { attachConsumer } from "./consumerAttach.js";
import { CONDITION, entityNotFound, unauthorized, type AmqpError } from "./errors.js";
import { guarded } from "./guard.js";
import { acceptIncoming, MAX_MESSAGE_SIZE_IN_BYTES } from "./incomingMessages.js";
import { manage } from "./management.js";
import type { RequestBody } from "./managementValues.js";
import { serveRequests } from "./requestReply.js";
import { linkInternals } from "./rheaInternals.js";
import type { SharedAccessKey } from "./sas.js";

const MANAGEMENT_SUFFIX = "/$management";

/** What the router needs from the emulator. */
export interface RouterDeps {
  broker: Broker;
  keys: readonly SharedAccessKey[];
}

/** Refuses an attach the way the service does. */
function refuse(link: Sender | Receiver, error: AmqpError): void {
  link.close(error);
}

function lookup(deps: RouterDeps, context: EventContext, address: string): Entity | AmqpError {
  const entity = deps.broker.resolve(address);
  if (!entity) return entityNotFound(address);
  if (!connectionStateOf(context.connection).isAuthorized(address, Date.now())) {
    return unauthorized(`No valid claim for '${address}' was put on $cbs.`);
  }
  return entity;
}

/** A client attached a sending link: we receive on it. */
export function onReceiverOpen(deps: RouterDeps, context: EventContext): void {
  const link = context.receiver as Receiver;
  const address = (link.target as { address?: string } | undefined)?.address ?? "";
  const state = connectionStateOf(context.connection);
  if (address === "$cbs") {
    link.set_target({ address });
    serveCbs(link, state, deps.keys);
    return;
  }
  const isManagement = address.toLowerCase().endsWith(MANAGEMENT_SUFFIX);
  const entity = lookup(deps, context, isManagement ? address.slice(0, -MANAGEMENT_SUFFIX.length) : address);
  if ("condition" in entity) return refuse(link, entity);
  link.set_target({ address });
  if (isManagement) {
    serveRequests(link, state, "camel", (request) => {
      const operation = String(request.application_properties?.operation ?? "");
      const body = (request.body && typeof request.body === "object" ? request.body : {}) as RequestBody;
      return manage(entity, operation, body, Date.now());
    });
    return;
  }
  if (!entity.deadLetterQueue) {
    return refuse(link, {
      condition: CONDITION.notAllowed,
      description: "Cannot send messages to a dead-letter queue.",
    });
  }
  linkInternals(link).local.attach.max_message_size = MAX_MESSAGE_SIZE_IN_BYTES;
  link.on(
    "message",
    guarded("send", (ctx: EventContext) => acceptIncoming(entity, ctx)),
  );
}

/** A client attached a receiving link: we send on it. */
export function onSenderOpen(deps: RouterDeps, context: EventContext): void {
  const link = context.sender as Sender;
  const source = link.source as { address?: string; filter?: Record<string, unknown> } | undefined;
  const address = source?.address ?? "";
  const state = connectionStateOf(context.connection);
  const isManagement = address.toLowerCase().endsWith(MANAGEMENT_SUFFIX);
  if (address === "$cbs" || isManagement) {
    const target = (link.target as { address?: string } | undefined)?.address;
    link.set_source({ address });
    if (target) link.set_target({ address: target });
    state.replyLinks.set(link.name, link);
    if (target) state.replyLinks.set(target, link);
    link.on("sender_close", () => {
      state.replyLinks.delete(link.name);
      if (target) state.replyLinks.delete(target);
    });
    return;
  }
  const entity = lookup(deps, context, address);
  if ("condition" in entity) return refuse(link, entity);
  attachConsumer(entity, link, state);
}
