// Request/response over AMQP links, as `$cbs` and `$management` use it: a request carries `reply_to` (the
// name or address of the client's receiving link) and `message_id`; the response echoes it as
// `correlation_id` with a status in application properties.
import type { EventContext, Receiver } from "rhea";
import type { ConnectionState } from "./connectionState.js";
import { guarded } from "./guard.js";
import { amqpMessage, type DecodedMessage, type RheaDelivery } from "./rheaInternals.js";

/** A response: status, optional error condition and body. */
export interface Reply {
  statusCode: number;
  statusDescription?: string;
  errorCondition?: string;
  body?: unknown;
}

/** Status property spellings: CBS uses kebab-case, `$management` camelCase (the SDK checks `statusCode`). */
export type StatusStyle = "kebab" | "camel";

/** Sends a reply on the client's reply link; silently drops it when that link is gone. */
export function sendReply(state: ConnectionState, request: DecodedMessage, reply: Reply, style: StatusStyle): void {
  const link = request.reply_to ? state.replyLinks.get(request.reply_to) : undefined;
  if (!link || !link.is_open()) return;
  const props: Record<string, unknown> =
    style === "kebab"
      ? { "status-code": reply.statusCode, "status-description": reply.statusDescription ?? "" }
      : { statusCode: reply.statusCode, statusDescription: reply.statusDescription ?? "" };
  if (reply.errorCondition) props[style === "kebab" ? "error-condition" : "errorCondition"] = reply.errorCondition;
  link.send({
    correlation_id: request.message_id,
    to: request.reply_to,
    application_properties: props,
    body: reply.body ?? null,
  });
}

/** Wires a request link: each request is accepted, handled, and answered in `style`. */
export function serveRequests(
  receiver: Receiver,
  state: ConnectionState,
  style: StatusStyle,
  handle: (request: DecodedMessage) => Reply | Promise<Reply>,
): void {
  receiver.on(
    "message",
    guarded("request", (context: EventContext) => {
      const request = context.message as unknown as DecodedMessage;
      (context.delivery as unknown as RheaDelivery).update(true, amqpMessage.accepted().described());
      void Promise.resolve()
        .then(() => handle(request))
        .catch((e: unknown) => ({
          statusCode: 500,
          statusDescription: `The emulator failed to handle the request: ${(e as Error).message}`,
          errorCondition: "amqp:internal-error",
        }))
        .then((reply) => sendReply(state, request, reply, style));
    }),
  );
}
