// The CreditRegistry's views over JSON-RPC: each an eth_call answered by one endpoint at its head, or at an explicit
// block at or past the one a decision is about; decoded with the registry's ABI.
import { toBeHex } from "ethers";
import { AppError } from "../../domain/appError.js";
import type { OnChainRecord } from "../../domain/ledgerTypes.js";
import { registryInterface } from "./registryEvents.js";
import type { PinnedRequest } from "./rpcEndpoint.js";
import type { RpcPool } from "./rpcPool.js";

/**
 * A registry view at the head of one endpoint; with `atLeastBlock`, at an explicit block at or past it, so a node
 * that has not imported that block (another one behind a load balancer) answers null (NODE_BEHIND), never its
 * older state.
 */
export async function callView(
  pool: RpcPool,
  contractAddress: string,
  view: { name: string; args: unknown[]; atLeastBlock?: number },
): Promise<readonly unknown[]> {
  const { name, args, atLeastBlock } = view;
  const data = registryInterface.encodeFunctionData(name, args);
  const result = await pool.pinned(async (rpc) => {
    const block = atLeastBlock === undefined ? "latest" : await headAtLeast(rpc, atLeastBlock, name);
    const answer = await rpc<string | null>("eth_call", [{ to: contractAddress, data }, block], {
      abi: registryInterface,
    });
    // Every registry view returns data: no answer comes from a node without the block, an empty one from a node
    // whose head is before the deployment.
    if (!answer || answer === "0x")
      throw new AppError("NODE_BEHIND", `${name}: no registry state at ${block} on this node`);
    return answer;
  });
  return registryInterface.decodeFunctionResult(name, result);
}

/** The endpoint's head as a block tag, NODE_BEHIND when it is before `atLeastBlock`. */
export async function headAtLeast(rpc: PinnedRequest, atLeastBlock: number, name = "eth_call"): Promise<string> {
  const head = Number(await rpc<string>("eth_blockNumber", []));
  if (head < atLeastBlock)
    throw new AppError("NODE_BEHIND", `${name}: this node's head is before block ${atLeastBlock}`);
  return toBeHex(head);
}

/** A record as the registry's views return it. */
export function toRecord(value: unknown): OnChainRecord {
  const r = value as { score: bigint; scoreModel: string; asOf: bigint; recordHash: string };
  return { score: Number(r.score), scoreModel: r.scoreModel, asOf: BigInt(r.asOf), recordHash: r.recordHash };
}
