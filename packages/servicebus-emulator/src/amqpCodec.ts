// Byte-level helpers for AMQP messages: splitting an encoded message into its sections without decoding the
// body, encoding single sections, .NET tick timestamps and Service Bus lock tokens.
import { randomUUID } from "node:crypto";
import { amqpTypes, type Typed } from "./rheaInternals.js";

/** Section descriptor codes (AMQP 1.0 §3.2). */
export const SECTION = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  applicationProperties: 0x74,
  footer: 0x78,
} as const;

const SYMBOLIC_SECTIONS: Record<string, number> = {
  "amqp:header:list": 0x70,
  "amqp:delivery-annotations:map": 0x71,
  "amqp:message-annotations:map": 0x72,
  "amqp:properties:list": 0x73,
  "amqp:application-properties:map": 0x74,
  "amqp:data:binary": 0x75,
  "amqp:amqp-sequence:list": 0x76,
  "amqp:value:*": 0x77,
  "amqp:footer:map": 0x78,
};

/** Where the raw bytes of each part of the bare message sit inside an encoded message. */
export interface MessageLayout {
  /** The properties section, or an empty buffer. */
  properties: Buffer;
  /** The application-properties section, or an empty buffer. */
  applicationProperties: Buffer;
  /** Body sections and footer. */
  body: Buffer;
}

function skipValue(buf: Buffer, start: number): number {
  let pos = start;
  const code = buf[pos++];
  if (code === undefined) throw new RangeError("truncated AMQP value");
  if (code === 0x00) return skipValue(buf, skipValue(buf, pos));
  switch (code & 0xf0) {
    case 0x40:
      return pos;
    case 0x50:
      return pos + 1;
    case 0x60:
      return pos + 2;
    case 0x70:
      return pos + 4;
    case 0x80:
      return pos + 8;
    case 0x90:
      return pos + 16;
    case 0xa0:
    case 0xc0:
    case 0xe0:
      return pos + 1 + (buf[pos] ?? 0);
    case 0xb0:
    case 0xd0:
    case 0xf0:
      return pos + 4 + buf.readUInt32BE(pos);
    default:
      throw new RangeError(`unknown AMQP typecode 0x${code.toString(16)}`);
  }
}

function sectionCode(buf: Buffer, pos: number): number {
  if (buf[pos] !== 0x00) throw new RangeError("expected a described section");
  const kind = buf[pos + 1];
  if (kind === 0x53) return buf[pos + 2] ?? -1;
  if (kind === 0x80) return buf.readUInt32BE(pos + 6);
  if (kind === 0xa3 || kind === 0xb3) {
    const width = kind === 0xa3 ? 1 : 4;
    const len = width === 1 ? (buf[pos + 2] ?? 0) : buf.readUInt32BE(pos + 2);
    const name = buf.toString("latin1", pos + 2 + width, pos + 2 + width + len);
    return SYMBOLIC_SECTIONS[name] ?? -1;
  }
  return -1;
}

/** Splits an encoded message into the raw parts of its bare message; throws RangeError on malformed input. */
export function layoutOf(buf: Buffer): MessageLayout {
  let pos = 0;
  let propsStart = -1;
  let propsEnd = -1;
  let appStart = -1;
  let appEnd = -1;
  while (pos < buf.length) {
    const code = sectionCode(buf, pos);
    const end = skipValue(buf, pos);
    if (end > buf.length) throw new RangeError("truncated AMQP section");
    if (code === SECTION.properties) [propsStart, propsEnd] = [pos, end];
    else if (code === SECTION.applicationProperties) [appStart, appEnd] = [pos, end];
    else if (code > SECTION.applicationProperties || code < 0) break;
    pos = end;
  }
  return {
    properties: propsStart < 0 ? Buffer.alloc(0) : buf.subarray(propsStart, propsEnd),
    applicationProperties: appStart < 0 ? Buffer.alloc(0) : buf.subarray(appStart, appEnd),
    body: buf.subarray(pos),
  };
}

/** Encodes one typed value (usually a described section) into a buffer of its own size. */
export function encodeTyped(value: Typed): Buffer {
  const writer = new amqpTypes.Writer();
  writer.write(value);
  // rhea's writer returns a view of a 1 KiB allocation; copy so stored sections do not pin it.
  return Buffer.from(writer.toBuffer());
}

/** Encodes an application-properties section from a plain object. */
export function encodeApplicationProperties(props: Record<string, unknown> | undefined): Buffer {
  if (!props) return Buffer.alloc(0);
  return encodeTyped(
    amqpTypes.described(amqpTypes.wrap_ulong(SECTION.applicationProperties), amqpTypes.wrap_map(props)),
  );
}

const EPOCH_TICKS = 621355968000000000n;

/** A .NET ticks timestamp as an 8-byte big-endian AMQP long (rhea decodes large longs as buffers). */
export function ticksOf(ms: number): Typed {
  const buf = Buffer.alloc(8);
  buf.writeBigInt64BE(BigInt(Math.floor(ms)) * 10000n + EPOCH_TICKS);
  return amqpTypes.wrap_long(buf);
}

/** A lock token: the RFC string the emulator keys locks by, and the .NET-ordered bytes sent as delivery tag. */
export interface LockToken {
  token: string;
  tag: Buffer;
}

/** Reorders GUID bytes between RFC 4122 order and .NET order (the swap is its own inverse). */
function swapGuidOrder(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32LE(bytes.readUInt32BE(0), 0);
  out.writeUInt16LE(bytes.readUInt16BE(4), 4);
  out.writeUInt16LE(bytes.readUInt16BE(6), 6);
  return out;
}

/** Creates a new lock token (delivery tag in .NET order, SDK reorders it back). */
export function newLockToken(): LockToken {
  const token = randomUUID();
  return { token, tag: swapGuidOrder(Buffer.from(token.replace(/-/g, ""), "hex")) };
}

/** RFC-order uuid bytes (as sent in $management requests) → the lock token string. */
export function tokenFromUuidBytes(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lock token string → RFC-order uuid bytes. */
export function uuidBytesOf(token: string): Buffer {
  return Buffer.from(token.replace(/-/g, ""), "hex");
}

/** A 32-hex-digit message id, as the service assigns when a message arrives without one. */
export function newMessageId(): string {
  return randomUUID().replace(/-/g, "");
}
