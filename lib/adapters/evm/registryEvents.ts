// Decodes the CreditRegistry's business events from raw JSON-RPC logs into domain RecordEvents.
import { getAddress, Interface } from "ethers";
import { creditRegistryAbi } from "../../../contracts/artifacts/creditRegistryArtifact.js";
import type { RecordEvent, SkipReason } from "../../domain/ledgerTypes.js";

/** The registry's ABI as an ethers Interface. */
export const registryInterface = new Interface(creditRegistryAbi);

/** Topic 0 of RecordUpserted and RecordSkipped, for eth_getLogs filters. */
export const RECORD_EVENT_TOPICS = [
  registryInterface.getEvent("RecordUpserted")?.topicHash ?? "",
  registryInterface.getEvent("RecordSkipped")?.topicHash ?? "",
];

/** A log as eth_getLogs and eth_getTransactionReceipt return it. */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
}

/** The registry events among `logs` (logs of other contracts and other events are ignored). */
export function decodeRecordEvents(logs: readonly RawLog[], contractAddress: string): RecordEvent[] {
  const events: RecordEvent[] = [];
  const address = contractAddress.toLowerCase();
  for (const log of logs) {
    if (log.address.toLowerCase() !== address) continue;
    const event = decodeCanonical(log) ?? decodeWithAbi(log);
    if (event) events.push(event);
  }
  return events;
}

/** The ethers decoding: the reference, and the path for anything the fixed-layout decoder does not take. */
export function decodeWithAbi(log: RawLog): RecordEvent | null {
  const parsed = registryInterface.parseLog({ topics: log.topics, data: log.data });
  if (!parsed) return null;
  const a = parsed.args;
  const keys = { subjectKey: String(a["subjectKey"]), issuer: String(a["issuer"]), updateId: String(a["updateId"]) };
  if (parsed.name === "RecordUpserted") {
    return {
      kind: "upserted",
      ...locationOf(log),
      ...keys,
      score: Number(a["score"]),
      scoreModel: String(a["scoreModel"]),
      asOf: BigInt(a["asOf"] as bigint),
      recordHash: String(a["recordHash"]),
    };
  }
  if (parsed.name === "RecordErased") {
    return { kind: "erased", ...locationOf(log), ...keys, asOf: BigInt(a["asOf"] as bigint) };
  }
  if (parsed.name === "RecordSkipped") {
    const reason = Number(a["reason"]) as SkipReason;
    return { kind: "skipped", ...locationOf(log), ...keys, asOf: BigInt(a["asOf"] as bigint), reason };
  }
  return null;
}

/**
 * The two events by their fixed layout (three indexed 32-byte topics; static data words), about a hundred times
 * faster than ethers' parseLog (~300 µs a log, so ~75 ms for one full batch's receipt, paid by the confirmation
 * check and again by the chain watcher). Anything not in the canonical encoding (a dirty padding byte, a length
 * that does not match) returns null and goes through the ABI decoder; a test holds both to the same results.
 */
export function decodeCanonical(log: RawLog): RecordEvent | null {
  const [topic, subjectKey, issuerWord, updateId] = log.topics;
  if (log.topics.length !== 4 || !subjectKey || !issuerWord || !updateId || !/^0x[0-9a-f]*$/.test(log.data)) {
    return null;
  }
  const words = (log.data.length - 2) / 64;
  const word = (i: number) => log.data.slice(2 + i * 64, 2 + (i + 1) * 64);
  const issuer = addressOf(issuerWord);
  if (issuer === null) return null;
  const keys = { subjectKey: subjectKey.toLowerCase(), issuer, updateId: updateId.toLowerCase() };
  if (topic === RECORD_EVENT_TOPICS[0] && words === 4) {
    const [score, model, asOf] = [uint(word(0), 16), word(1), uint(word(2), 64)];
    if (score === null || asOf === null || !/^0{32}$/.test(model.slice(32))) return null;
    const scoreModel = `0x${model.slice(0, 32)}`;
    const recordHash = `0x${word(3)}`;
    return { kind: "upserted", ...locationOf(log), ...keys, score: Number(score), scoreModel, asOf, recordHash };
  }
  if (topic === RECORD_EVENT_TOPICS[1] && words === 2) {
    const [asOf, reason] = [uint(word(0), 64), uint(word(1), 8)];
    if (asOf === null || reason === null) return null;
    return { kind: "skipped", ...locationOf(log), ...keys, asOf, reason: Number(reason) as SkipReason };
  }
  return null;
}

const checksummed = new Map<string, string>();

/** The checksummed address in an indexed address topic (cached: a consortium has few issuers), or null. */
function addressOf(topic: string): string | null {
  if (!/^0x0{24}[0-9a-f]{40}$/.test(topic)) return null;
  let address = checksummed.get(topic);
  if (address === undefined) {
    address = getAddress(`0x${topic.slice(26)}`);
    if (checksummed.size < 1_000) checksummed.set(topic, address);
  }
  return address;
}

/** A 32-byte word as an unsigned integer of `bits`, or null when bits above them are set. */
function uint(word: string, bits: number): bigint | null {
  const value = BigInt(`0x${word}`);
  return value >> BigInt(bits) === 0n ? value : null;
}

function locationOf(log: RawLog) {
  return {
    txHash: log.transactionHash,
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash,
    logIndex: Number(log.logIndex),
  };
}
