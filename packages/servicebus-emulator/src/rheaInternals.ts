// The one place that reaches into rhea beyond its typings: the AMQP type encoder/decoder, and the link and
// delivery internals the emulator depends on (see shared/notes/servicebus-amqp-contracts.md, pitfalls 1-8).
// rhea is pinned; each hack is covered by the SDK-driven scenario tests.
import rhea from "rhea";

/** An AMQP-typed value as rhea's encoder builds it. */
export type Typed = { readonly typecode: number; readonly value: unknown };

interface RheaTypes {
  Writer: new () => { position: number; write(value: Typed): void; toBuffer(): Buffer };
  wrap(value: unknown): Typed;
  wrap_long(value: number | Buffer): Typed;
  wrap_ulong(value: number): Typed;
  wrap_uint(value: number): Typed;
  wrap_int(value: number): Typed;
  wrap_timestamp(value: number): Typed;
  wrap_uuid(value: Buffer): Typed;
  wrap_string(value: string): Typed;
  wrap_binary(value: Buffer): Typed;
  wrap_map(value: Record<string, unknown>): Typed;
  wrap_symbolic_map(value: Record<string, unknown>): Typed;
  wrap_list(value: unknown[]): Typed;
  wrap_array(value: unknown[], typecode: number): Typed;
  described(descriptor: Typed, value: Typed): Typed;
  Null(): Typed;
}

/** A decoded AMQP message as rhea returns it. */
export interface DecodedMessage {
  durable?: boolean;
  priority?: number;
  ttl?: number;
  delivery_count?: number;
  message_annotations?: Record<string, unknown>;
  message_id?: string | number | Buffer;
  group_id?: string;
  reply_to?: string;
  correlation_id?: string | number | Buffer;
  to?: string;
  application_properties?: Record<string, unknown>;
  body?: unknown;
}

interface RheaMessageModule {
  decode(buffer: Buffer): DecodedMessage;
  encode(message: Record<string, unknown>): Buffer;
  header(fields: Record<string, unknown>): { described(): Typed };
  properties(fields: Record<string, unknown>): { described(): Typed };
  accepted(): { described(): Typed };
  rejected(fields?: Record<string, unknown>): { described(): Typed };
  modified(fields?: Record<string, unknown>): { described(): Typed };
  released(): { described(): Typed };
}

/** rhea's AMQP type system (encoder and typed-value constructors). */
export const amqpTypes = rhea.types as unknown as RheaTypes;
/** rhea's message codec and outcome constructors. */
export const amqpMessage = rhea.message as unknown as RheaMessageModule;

/** The rhea delivery fields the emulator reads and writes (outgoing and incoming deliveries). */
export interface RheaDelivery {
  id: number;
  tag: Buffer;
  settled: boolean;
  remote_settled: boolean;
  remote_state?: { error?: { condition?: string; info?: Record<string, unknown> }; [k: string]: unknown };
  update(settled: boolean, state?: Typed): void;
  /** Set by the emulator: the lock token (RFC string) of the message this delivery carries. */
  lockToken?: string;
}

/**
 * Settles a delivery on our side and marks it settled remotely too, so rhea frees its slot in the session's
 * 2048-entry outgoing buffer (pitfall 1: with rcv-settle-mode second the client never sends a final settle).
 */
export function settleDelivery(delivery: RheaDelivery, state: Typed): void {
  delivery.update(true, state);
  delivery.remote_settled = true;
}

/** The internals of a server-side link used for credit, drain and deferred attach. */
export interface LinkInternals {
  credit: number;
  delivery_count: number;
  _draining: boolean;
  _get_drain(): boolean;
  issue_flow: boolean;
  state: { open_requests: number };
  local: { attach: Record<string, unknown> };
  connection: { _register(): void };
}

/** Views a rhea link through the internals the emulator relies on. */
export function linkInternals(link: object): LinkInternals {
  return link as unknown as LinkInternals;
}

const RAW = Symbol("raw");
let rawCaptureInstalled = false;

/**
 * rhea decodes format-0 transfers before the application sees them; wrapping its decoder keeps a reference to
 * the exact bytes so the emulator can store and redeliver the bare message unchanged (pitfall 7).
 */
export function installRawCapture(): void {
  if (rawCaptureInstalled) return;
  rawCaptureInstalled = true;
  const original = amqpMessage.decode.bind(amqpMessage);
  amqpMessage.decode = (buffer: Buffer) => {
    const decoded = original(buffer);
    Object.defineProperty(decoded, RAW, { value: buffer, enumerable: false });
    return decoded;
  };
}

/** The raw bytes a decoded format-0 message came from, when captured. */
export function rawBytesOf(message: object): Buffer | undefined {
  return (message as { [RAW]?: Buffer })[RAW];
}
