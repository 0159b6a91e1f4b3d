// The consortium's QBFT genesis for Hyperledger Besu: 2-second blocks, free gas (zero base fee, London rules,
// which the CreditRegistry's `paris` EVM target runs on) and the validator set in extraData.
import { decodeQbftExtraData, encodeQbftExtraData } from "./qbftExtraData.js";

/** Options of buildQbftGenesis; every duration carries its unit. */
export interface QbftGenesisOptions {
  chainId: number;
  /** Validator addresses; written in ascending order, as Besu's tooling does. */
  validators: readonly string[];
  /** Default 2, as in the original scenario. */
  blockPeriodInSeconds?: number;
  /** Default 4: twice the block period before a round change. */
  requestTimeoutInSeconds?: number;
  /** Default 30000 blocks between vote resets. */
  epochLengthInBlocks?: number;
  /** Default 0x1fffffffffffff, Besu's free-gas example value. */
  gasLimit?: string;
  /** Default 0: the genesis timestamp, in seconds since the epoch. */
  timestampInSeconds?: number;
}

/** A Besu genesis file for a QBFT network. */
export interface QbftGenesis {
  config: {
    chainId: number;
    berlinBlock: 0;
    londonBlock: 0;
    zeroBaseFee: true;
    qbft: { blockperiodseconds: number; epochlength: number; requesttimeoutseconds: number };
  };
  nonce: "0x0";
  timestamp: string;
  gasLimit: string;
  difficulty: "0x1";
  baseFeePerGas: "0x0";
  mixHash: string;
  coinbase: string;
  alloc: Record<string, never>;
  extraData: string;
}

/** QBFT's fixed mixHash ("ctical byzantine fault tolerance"), required by Besu. */
export const QBFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

/** Byzantine fault tolerance needs at least 4 validators (tolerating 1 faulty). */
export const MIN_QBFT_VALIDATORS = 4;

/** Builds the genesis; throws if the validator set cannot tolerate a faulty validator. */
export function buildQbftGenesis(options: QbftGenesisOptions): QbftGenesis {
  if (!Number.isSafeInteger(options.chainId) || options.chainId <= 0) throw new Error("chainId must be positive");
  if (options.validators.length < MIN_QBFT_VALIDATORS) {
    throw new Error(`QBFT needs at least ${MIN_QBFT_VALIDATORS} validators, got ${options.validators.length}`);
  }
  const validators = [...options.validators].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return {
    config: {
      chainId: options.chainId,
      berlinBlock: 0,
      londonBlock: 0,
      zeroBaseFee: true,
      qbft: {
        blockperiodseconds: options.blockPeriodInSeconds ?? 2,
        epochlength: options.epochLengthInBlocks ?? 30000,
        requesttimeoutseconds: options.requestTimeoutInSeconds ?? 4,
      },
    },
    nonce: "0x0",
    timestamp: `0x${(options.timestampInSeconds ?? 0).toString(16)}`,
    gasLimit: options.gasLimit ?? "0x1fffffffffffff",
    difficulty: "0x1",
    baseFeePerGas: "0x0",
    mixHash: QBFT_MIX_HASH,
    coinbase: "0x0000000000000000000000000000000000000000",
    alloc: {},
    extraData: encodeQbftExtraData(validators),
  };
}

/** Recovers the validator set written into a genesis' extraData. */
export function genesisValidators(genesis: Pick<QbftGenesis, "extraData">): string[] {
  return decodeQbftExtraData(genesis.extraData).validators;
}
