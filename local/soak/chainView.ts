// The chain as an outsider reads it for the audit: raw JSON-RPC over fetch straight to the node and the published
// ABI (an ethers Interface), never the app's ledger adapter. It collects the registry's record events and scans
// every transaction's calldata and every log for text that a subject id could be.
import { Interface, type LogDescription } from "ethers";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { jsonRpc } from "../jsonRpc.js";

/** A RecordUpserted or RecordSkipped event as the node returns it. */
export interface RegistryEvent {
  name: "RecordUpserted" | "RecordSkipped";
  subjectKey: string;
  issuer: string;
  updateIdHash: string;
  asOf: bigint;
  score?: number;
  scoreModel?: string;
  recordHash?: string;
  txHash: string;
  blockNumber: number;
  logIndex: number;
}

/** What the audit needs from the chain. */
export interface ChainView {
  head: number;
  events: RegistryEvent[];
  /** Subject ids found in calldata or logs, and where. */
  personalData: { id: string; where: string }[];
  /** Transactions and logs that are not the registry's record shapes (scanned in full). */
  unknownCount: number;
}

/** Finds a subject id in a piece of text, if there is one. */
export type SubjectIdFinder = (text: string) => string | undefined;

const registry = new Interface(creditRegistryAbi);
const PAGE_IN_BLOCKS = 500;
const PARALLEL_BLOCKS = 8;

/** Reads every block up to the head and every log of `contractAddress`. */
export async function readChain(rpcUrl: string, contractAddress: string, find: SubjectIdFinder): Promise<ChainView> {
  const rpc = <T>(method: string, params: unknown[]) => jsonRpc<T>(rpcUrl, method, params);
  const head = Number(await rpc<string>("eth_blockNumber", []));
  const view: Scan = { head, events: [], personalData: [], unknownCount: 0, find };
  for (let from = 0; from <= head; from += PAGE_IN_BLOCKS) {
    const to = Math.min(head, from + PAGE_IN_BLOCKS - 1);
    const logs = await rpc<RawLog[]>("eth_getLogs", [
      { address: contractAddress, fromBlock: hex(from), toBlock: hex(to) },
    ]);
    for (const log of logs) readLog(view, log);
  }
  for (let n = 0; n <= head; n += PARALLEL_BLOCKS) {
    const numbers = Array.from({ length: Math.min(PARALLEL_BLOCKS, head - n + 1) }, (_, i) => n + i);
    const blocks = await Promise.all(numbers.map((b) => rpc<RawBlock>("eth_getBlockByNumber", [hex(b), true])));
    for (const block of blocks) for (const tx of block.transactions) readCalldata(view, tx);
  }
  const { find: _, ...result } = view;
  return result;
}

interface Scan extends ChainView {
  find: SubjectIdFinder;
}

interface RawLog {
  topics: string[];
  data: string;
  transactionHash: string;
  blockNumber: string;
  logIndex: string;
}

interface RawBlock {
  transactions: { hash: string; input: string }[];
}

function readLog(view: Scan, log: RawLog): void {
  const where = `log ${Number(log.logIndex)} of ${log.transactionHash}`;
  const parsed = parseLog(log);
  if (!parsed || (parsed.name !== "RecordUpserted" && parsed.name !== "RecordSkipped")) {
    view.unknownCount++;
    for (const part of [...log.topics, log.data]) addText(view, part, where);
    return;
  }
  const a = parsed.args;
  const upserted = parsed.name === "RecordUpserted";
  view.events.push({
    name: parsed.name,
    subjectKey: String(a.subjectKey).toLowerCase(),
    issuer: String(a.issuer).toLowerCase(),
    updateIdHash: String(a.updateId).toLowerCase(),
    asOf: BigInt(a.asOf as bigint),
    ...(upserted
      ? { score: Number(a.score), scoreModel: String(a.scoreModel), recordHash: String(a.recordHash).toLowerCase() }
      : {}),
    txHash: log.transactionHash.toLowerCase(),
    blockNumber: Number(log.blockNumber),
    logIndex: Number(log.logIndex),
  });
  for (const value of [a.subjectKey, a.updateId, upserted ? a.scoreModel : "0x", upserted ? a.recordHash : "0x"]) {
    addText(view, String(value), where);
  }
}

function parseLog(log: RawLog): LogDescription | null {
  try {
    return registry.parseLog(log);
  } catch {
    return null;
  }
}

function readCalldata(view: Scan, tx: { hash: string; input: string }): void {
  if (tx.input === "0x") return;
  const where = `calldata of ${tx.hash}`;
  try {
    const decoded = registry.parseTransaction({ data: tx.input });
    if (decoded?.name !== "upsertBatch") throw new Error("not upsertBatch");
    for (const record of decoded.args[0] as { [key: string]: unknown }[]) {
      for (const field of ["subjectKey", "scoreModel", "recordHash", "updateId"]) {
        addText(view, String(record[field]), where);
      }
    }
  } catch {
    view.unknownCount++;
    addText(view, tx.input, where);
  }
}

/** Looks for a subject id in the printable runs of a value's bytes (ids are printable ASCII). */
function addText(view: Scan, value: string, where: string): void {
  const text = Buffer.from(value.replace(/^0x/, ""), "hex").toString("latin1");
  for (const run of text.match(/[\x20-\x7e]{4,}/g) ?? []) {
    const id = view.find(run);
    if (id !== undefined) view.personalData.push({ id, where });
  }
}

function hex(n: number): string {
  return "0x" + n.toString(16);
}
