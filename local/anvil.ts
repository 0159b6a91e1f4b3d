// Runs anvil (from the @foundry-rs/anvil npm package) as the local chain on a loopback port.
import { createRequire } from "node:module";
import path from "node:path";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";

/** Options for {@link startAnvil}; defaults match the consortium chain. */
export interface AnvilOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Seconds between blocks; 0 mines on every transaction (automine). Default 2. */
  blockTimeInSeconds?: number;
  gasLimit?: number;
  chainId?: number;
  /** Zero base fee like the consortium's free-gas Besu network. Default true. */
  freeGas?: boolean;
  /** Persist chain state to this file and reload it on start. */
  stateFile?: string;
  accounts?: number;
  onLine?: (line: string) => void;
}

/** A running anvil node. */
export interface Anvil extends RunningProcess {
  readonly rpcUrl: string;
  readonly port: number;
}

/** The path of the anvil binary shipped in the platform package of @foundry-rs/anvil. */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
  return path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), "bin", "anvil");
}

/** Starts anvil and resolves once it listens. */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const args = ["--host", "127.0.0.1", "--port", String(options.port ?? 0)];
  args.push("--chain-id", String(options.chainId ?? 31337));
  args.push("--gas-limit", String(options.gasLimit ?? 30_000_000));
  args.push("--accounts", String(options.accounts ?? 10));
  if ((options.blockTimeInSeconds ?? 2) > 0) args.push("--block-time", String(options.blockTimeInSeconds ?? 2));
  if (options.freeGas ?? true) args.push("--base-fee", "0", "--gas-price", "0", "--disable-min-priority-fee");
  if (options.stateFile) args.push("--state", options.stateFile);
  const { process: running, match } = await startProcess(anvilBinary(), args, {
    readyPattern: /Listening on 127\.0\.0\.1:(\d+)/,
    onLine: options.onLine,
  });
  const port = Number(match[1]);
  return { ...running, port, rpcUrl: `http://127.0.0.1:${port}` };
}
