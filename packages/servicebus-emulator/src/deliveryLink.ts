// A receiver's link as seen from the emulator (an AMQP sending link): it delivers locked or pre-settled
// messages within the client's credit, answers drain requests, and turns the client's dispositions into
// settlements (complete, abandon, defer, dead-letter), replying with the outcome the SDK waits for.
import type { EventContext, Sender } from "rhea";
import type { Entity } from "./entity.js";
import { settle, type Settlement } from "./settlement.js";
import { messageLockLost, sessionLockLost, type AmqpError } from "./errors.js";
import type { Lock } from "./lockTable.js";
import {
  amqpMessage,
  linkInternals,
  settleDelivery,
  type LinkInternals,
  type RheaDelivery,
  type Typed,
} from "./rheaInternals.js";
import type { Consumer, SessionEntry } from "./sessionStore.js";
import { encodeForDelivery, type StoredMessage } from "./storedMessage.js";

/** Delivers an entity's messages over one link. */
export class LinkConsumer implements Consumer {
  /** The session this link holds, for session receivers. */
  session: SessionEntry | undefined;
  private sent = 0;
  private readonly internals: LinkInternals;

  constructor(
    readonly link: Sender,
    readonly entity: Entity,
    readonly receiveAndDelete: boolean,
  ) {
    this.internals = linkInternals(link);
    const internals = this.internals;
    // rhea only echoes drain while credit remains; the SDK closes the link when a drain goes unanswered.
    internals._get_drain = (): boolean => {
      if (!internals._draining) return false;
      internals.delivery_count += internals.credit;
      internals.credit = 0;
      internals._draining = false;
      this.sent = internals.delivery_count;
      return true;
    };
  }

  /** Credit left, counting deliveries queued in rhea but not yet written (rhea's `sendable` does not). */
  available(): number {
    if (!this.link.is_open()) return 0;
    return this.internals.credit + this.internals.delivery_count - this.sent;
  }

  deliver(message: StoredMessage, lock: Lock | undefined): void {
    const payload = encodeForDelivery(message, lock?.expiresAt);
    const delivery = this.link.send(payload, lock?.tag, 0) as unknown as RheaDelivery;
    this.sent++;
    if (lock) {
      delivery.lockToken = lock.token;
      lock.delivery = delivery;
    }
  }

  /** The client granted credit or asked to drain. */
  onFlow(): void {
    if (this.session) this.entity.dispatcher.pumpSession(this.session);
    else this.entity.dispatcher.pump();
    if (this.internals._draining) {
      this.internals.issue_flow = true;
      this.internals.connection._register();
    }
  }

  sessionLost(): void {
    this.session = undefined;
    this.link.close(sessionLockLost());
  }

  /** Handles a disposition the client sent for one of this link's deliveries. */
  onDisposition(context: EventContext, kind: "accepted" | "released" | "modified" | "rejected"): void {
    const delivery = context.delivery as unknown as RheaDelivery | undefined;
    if (!delivery?.lockToken) return;
    const state = delivery.remote_state ?? {};
    let settlement: Settlement;
    let reply: Typed;
    if (kind === "accepted") {
      settlement = { kind: "complete" };
      reply = amqpMessage.accepted().described();
    } else if (kind === "rejected") {
      const info = { ...(state.error?.info ?? {}) };
      const reason = info.DeadLetterReason;
      const description = info.DeadLetterErrorDescription;
      delete info.DeadLetterReason;
      delete info.DeadLetterErrorDescription;
      settlement = {
        kind: "deadLetter",
        reason: typeof reason === "string" ? reason : undefined,
        description: typeof description === "string" ? description : undefined,
        properties: info,
      };
      // A successful dead-letter is answered with a bare `rejected`; echoing the error would fail the SDK call.
      reply = amqpMessage.rejected().described();
    } else {
      const undeliverable = kind === "modified" && state.undeliverable_here === true;
      const properties = kind === "modified" ? (state.message_annotations as Record<string, unknown>) : undefined;
      settlement = { kind: undeliverable ? "defer" : "abandon", properties };
      reply =
        kind === "modified"
          ? amqpMessage.modified({ undeliverable_here: undeliverable, delivery_failed: false }).described()
          : amqpMessage.released().described();
    }
    const failure = settle(this.entity, delivery.lockToken, settlement, Date.now());
    if (failure) {
      const error: AmqpError = failure === "lock-lost" ? messageLockLost() : sessionLockLost();
      settleDelivery(delivery, amqpMessage.rejected({ error }).described());
    } else settleDelivery(delivery, reply);
    delivery.lockToken = undefined;
    if (this.session && settlement.kind !== "complete") this.entity.dispatcher.pumpSession(this.session);
  }
}
