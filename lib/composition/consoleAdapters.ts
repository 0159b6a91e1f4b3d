// Builds the operator console's adapters in one call, so the composition root adds them with one line: the
// counters table, chain activity over the RpcPool, and the backlog (pending list, dead-letter queues).
import type { ServiceBusClient } from "@azure/service-bus";
import type { Config } from "../config/config.js";
import type { Backlog, ChainActivity, ConsoleCounters } from "../ports/console.js";
import { ConsoleBacklog } from "../adapters/tables/consoleBacklog.js";
import { RpcChainActivity } from "../adapters/evm/rpcChainActivity.js";
import type { RpcPool } from "../adapters/evm/rpcPool.js";
import { openTableConsoleCounters } from "../adapters/tables/tableConsoleCounters.js";
import { openTable, type TableSource } from "../adapters/tables/tableSupport.js";

/** The console's ports. */
export interface ConsoleAdapters {
  counters: ConsoleCounters;
  activity: ChainActivity;
  backlog: Backlog;
}

/** Opens the counters table (`<prefix>consolecounters`) and builds the other adapters. */
export async function openConsoleAdapters(options: {
  config: Readonly<Config>;
  tables: TableSource;
  serviceBus: ServiceBusClient;
  pool: RpcPool;
}): Promise<ConsoleAdapters> {
  const { config, tables } = options;
  const prefix = config.storage.tablePrefix;
  const [counters, pendingList] = await Promise.all([
    openTableConsoleCounters(tables, `${prefix}consolecounters`),
    openTable(tables, `${prefix}outboxpending`),
  ]);
  const { inboundQueue, resultsQueue, deliveryQueue } = config.serviceBus;
  return {
    counters,
    activity: new RpcChainActivity(options.pool, config.chain.contractAddress),
    backlog: new ConsoleBacklog(pendingList, options.serviceBus, [inboundQueue, resultsQueue, deliveryQueue]),
  };
}
