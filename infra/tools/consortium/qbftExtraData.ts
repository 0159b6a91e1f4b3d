// QBFT genesis extraData (block-header validator selection): RLP([vanity(32), [validators], vote, round,
// [seals]]), encoded and decoded with ethers' RLP so the validator set written to genesis can be read back.
import { dataLength, decodeRlp, encodeRlp, getAddress, getBytes, hexlify, zeroPadValue } from "ethers";

/** The decoded fields of a QBFT extraData value. */
export interface QbftExtraData {
  /** 32 bytes, free for the consortium's use. */
  vanity: string;
  /** Checksummed validator addresses, in header order. */
  validators: string[];
  /** Pending validator vote, absent in genesis. */
  vote?: { address: string; add: boolean };
  /** Consensus round of the block; 0 in genesis. */
  round: number;
  /** Committed seals, 65 bytes each; none in genesis. */
  seals: string[];
}

const VANITY_BYTES = 32;
const ADDRESS_BYTES = 20;
const SEAL_BYTES = 65;
const VOTE_ADD = "0x81";
const VOTE_REMOVE = "0x00";

/** Encodes genesis extraData for the given validators (no vote, round 0, no seals). */
export function encodeQbftExtraData(validators: readonly string[], vanity: string = zeroPadValue("0x", 32)): string {
  if (dataLength(vanity) !== VANITY_BYTES) throw new Error(`QBFT vanity must be ${VANITY_BYTES} bytes`);
  if (validators.length === 0) throw new Error("QBFT extraData needs at least one validator");
  const addresses = validators.map((address) => getAddress(address).toLowerCase());
  if (new Set(addresses).size !== addresses.length) throw new Error("QBFT validators must be distinct");
  return encodeRlp([hexlify(vanity), addresses, [], "0x", []]);
}

/** Decodes a QBFT extraData value; throws on anything that is not the five-field QBFT structure. */
export function decodeQbftExtraData(extraData: string): QbftExtraData {
  const fields = decodeRlp(extraData);
  if (!Array.isArray(fields) || fields.length !== 5) throw new Error("QBFT extraData is an RLP list of 5 fields");
  const [vanity, validators, vote, round, seals] = fields;
  if (typeof vanity !== "string" || dataLength(vanity) !== VANITY_BYTES) throw new Error("bad QBFT vanity");
  if (!Array.isArray(validators)) throw new Error("QBFT validators must be a list");
  if (!Array.isArray(seals)) throw new Error("QBFT seals must be a list");
  if (typeof round !== "string") throw new Error("QBFT round must be a byte string");
  return {
    vanity,
    validators: validators.map((item) => checkedBytes(item, ADDRESS_BYTES, "validator")).map((a) => getAddress(a)),
    ...decodeVote(vote),
    round: getBytes(round).length === 0 ? 0 : Number(BigInt(round)),
    seals: seals.map((item) => checkedBytes(item, SEAL_BYTES, "seal")),
  };
}

function decodeVote(vote: unknown): Pick<QbftExtraData, "vote"> {
  if (!Array.isArray(vote)) throw new Error("QBFT vote must be a list");
  if (vote.length === 0) return {};
  const [address, kind] = vote;
  if (vote.length !== 2 || (kind !== VOTE_ADD && kind !== VOTE_REMOVE)) throw new Error("bad QBFT vote");
  return { vote: { address: getAddress(checkedBytes(address, ADDRESS_BYTES, "vote")), add: kind === VOTE_ADD } };
}

function checkedBytes(item: unknown, length: number, what: string): string {
  if (typeof item !== "string" || dataLength(item) !== length) throw new Error(`QBFT ${what} must be ${length} bytes`);
  return item;
}
