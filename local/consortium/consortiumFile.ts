// The shape of `.local/consortium.json`: the one file a script or a person needs to talk to the running local
// consortium. Scripts depend on these names; add fields, never rename them.

/** One member bank as the consortium file describes it. */
export interface ConsortiumBank {
  name: string;
  /** The bank's signing address (its Key Vault key). */
  address: string;
  inboundQueue: string;
  resultsQueue: string;
  deliveryQueue: string;
  /** The bank's host stand-in (HTTP API). */
  hostUrl: string;
  /** The function key for the bank's admin API (`x-functions-key`). */
  adminKey: string;
  /** The key of the operator role (replay, rotate and revoke secrets; no subscription changes). */
  operatorKey: string;
  /** The key of the reader role (reads and subject lookups only). */
  readerKey: string;
  /** Where the bank's log goes. */
  logFile: string;
}

/** `.local/consortium.json`. */
export interface ConsortiumFile {
  chain: { rpcUrl: string; chainId: number; contractAddress: string; blockTimeInSeconds: number; gasLimit: number };
  serviceBus: { connectionString: string; inspectionUrl: string };
  storage: { connectionString: string };
  keyVault: { vaultUrl: string };
  banks: ConsortiumBank[];
  startedAt: string;
}
