// Placeholder.
import type { FunctionEntry } from "../functionIndex.js";
import type { Invoker, OutputHandler } from "../invoker.js";
import type { LogSink } from "../logger.js";
import type { HostConfig } from "../settings.js";

export interface ServiceBusTriggersOptions {
  functions: ReadonlyMap<string, FunctionEntry>;
  config: HostConfig;
  settings: Record<string, string>;
  log: LogSink;
}

export class ServiceBusTriggers {
  constructor(readonly options: ServiceBusTriggersOptions) {}
  outputHandlers(): Record<string, OutputHandler> {
    return {};
  }
  attach(_invoker: Invoker): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(_entity: string, _body: unknown, _options?: unknown): Promise<void> {
    throw new Error("not implemented");
  }
}
