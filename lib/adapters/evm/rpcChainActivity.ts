// Chain reads for the console's consortium view over the RpcPool: block headers and the registry's RecordUpserted
// events of a block range in one batch to one endpoint (so the counts and the headers agree), and the members.
import { getAddress } from "ethers";
import type { BlockActivity, ChainActivity } from "../../ports/console.js";
import { registryInterface } from "./registryEvents.js";
import type { RpcPool } from "./rpcPool.js";

const RECORD_UPSERTED = registryInterface.getEvent("RecordUpserted")?.topicHash ?? "";

interface RawBlock {
  number: string;
  timestamp: string;
  transactions: unknown[];
}

/** ChainActivity over JSON-RPC. */
export class RpcChainActivity implements ChainActivity {
  constructor(
    private readonly pool: RpcPool,
    private readonly contractAddress: string,
  ) {}

  async head(): Promise<number> {
    return Number(BigInt(await this.pool.request<string>("eth_blockNumber", [])));
  }

  async blocks(from: number, to: number): Promise<BlockActivity[]> {
    if (to < from) return [];
    const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const filter = { address: this.contractAddress, fromBlock: hex(from), toBlock: hex(to), topics: [RECORD_UPSERTED] };
    const answers = await this.pool.pinned((rpc) =>
      rpc.batch([
        { method: "eth_getLogs", params: [filter] },
        ...numbers.map((n) => ({ method: "eth_getBlockByNumber", params: [hex(n), false] })),
      ]),
    );
    const [logs, ...blocks] = answers as [{ blockNumber: string }[], ...(RawBlock | null)[]];
    const records = new Map<number, number>();
    for (const log of logs) {
      const n = Number(BigInt(log.blockNumber));
      records.set(n, (records.get(n) ?? 0) + 1);
    }
    return blocks.flatMap((b) => {
      if (!b) return [];
      const n = Number(BigInt(b.number));
      const activity = { timestamp: Number(BigInt(b.timestamp)), transactions: b.transactions.length };
      return [{ number: n, ...activity, records: records.get(n) ?? 0 }];
    });
  }

  async members(): Promise<string[]> {
    const data = registryInterface.encodeFunctionData("members", []);
    const answer = await this.pool.request<string>("eth_call", [{ to: this.contractAddress, data }, "latest"]);
    const [members] = registryInterface.decodeFunctionResult("members", answer) as unknown as [string[]];
    return [...members].map((m) => getAddress(m));
  }
}

function hex(n: number): string {
  return "0x" + n.toString(16);
}
