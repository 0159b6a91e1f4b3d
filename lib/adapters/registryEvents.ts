// Decodes the CreditRegistry's business events from raw JSON-RPC logs into domain RecordEvents.
import { Interface } from "ethers";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import type { RecordEvent, SkipReason } from "../domain/ledgerTypes.js";

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
    const parsed = registryInterface.parseLog({ topics: log.topics, data: log.data });
    if (!parsed) continue;
    const location = {
      txHash: log.transactionHash,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
      logIndex: Number(log.logIndex),
    };
    const a = parsed.args;
    const keys = { subjectKey: String(a["subjectKey"]), issuer: String(a["issuer"]), updateId: String(a["updateId"]) };
    if (parsed.name === "RecordUpserted") {
      events.push({
        kind: "upserted",
        ...location,
        ...keys,
        score: Number(a["score"]),
        scoreModel: String(a["scoreModel"]),
        asOf: BigInt(a["asOf"] as bigint),
        recordHash: String(a["recordHash"]),
      });
    } else if (parsed.name === "RecordSkipped") {
      const reason = Number(a["reason"]) as SkipReason;
      events.push({ kind: "skipped", ...location, ...keys, asOf: BigInt(a["asOf"] as bigint), reason });
    }
  }
  return events;
}
