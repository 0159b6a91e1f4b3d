// The invocation pipeline, as the Node.js worker's InvocationHandler runs it: getArguments → preInvocation hooks →
// invokeFunction (bounded by functionTimeout) → postInvocation hooks → getResponse, then output bindings. Logs carry
// the function name and invocation id; log hooks see every line.
import { randomUUID } from "node:crypto";
import { getProgrammingModel, type AppRegistrations } from "./coreModule.js";
import type {
  CoreInvocationContext,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
  RpcParameterBinding,
  RpcTypedData,
} from "./coreTypes.js";
import type { FunctionEntry, NamedBinding } from "./functionIndex.js";
import type { LogSink } from "./logger.js";
import { formatTimeSpan } from "./settings.js";

/** Supplies the value of a non-trigger input binding (for example `durableClient`). */
export type InputProvider = (binding: NamedBinding, fn: FunctionEntry) => RpcTypedData | undefined;
/** Delivers the value an invocation set on an output binding (for example `serviceBus`). */
export type OutputHandler = (binding: NamedBinding, data: RpcTypedData, fn: FunctionEntry) => Promise<void>;

/** What a trigger passes to {@link Invoker.invoke}. */
export interface InvokeRequest {
  /** The trigger's input value. */
  triggerData: RpcTypedData;
  triggerMetadata?: Record<string, RpcTypedData>;
  retryContext?: { retryCount: number; maxRetryCount: number };
  /** Default: a new UUID. HTTP streaming needs it before the invocation starts. */
  invocationId?: string;
  /** Shown in the "Executing" log line, as the host does (`Reason='New ServiceBus message detected…'`). */
  reason?: string;
}

/** Options for {@link Invoker}. */
export interface InvokerOptions {
  registrations: AppRegistrations;
  functionTimeoutInMs: number | undefined;
  log: LogSink;
  inputProviders?: Record<string, InputProvider>;
  outputHandlers?: Record<string, OutputHandler>;
  /** Log "Executing/Executed" lines (off for the HTTP fast path in benchmarks). */
  logInvocations?: boolean;
}

/** Thrown when an invocation exceeds `functionTimeout`. */
export class FunctionTimeoutError extends Error {
  override name = "FunctionTimeoutError";
}

/** Runs invocations of indexed functions through the library's own invocation model. */
export class Invoker {
  readonly #options: InvokerOptions;
  readonly appHookData: Record<string, unknown> = {};
  readonly #warned = new Set<string>();

  constructor(options: InvokerOptions) {
    this.#options = options;
  }

  /** Invokes `fn`; rejects with the function's error (or a timeout) after post hooks ran. */
  async invoke(fn: FunctionEntry, request: InvokeRequest): Promise<RpcInvocationResponse> {
    const invocationId = request.invocationId ?? randomUUID();
    const started = performance.now();
    const { registrations } = this.#options;
    const inputData: RpcParameterBinding[] = [{ name: fn.trigger.name, data: request.triggerData }];
    for (const binding of fn.inputs) {
      const data = this.#options.inputProviders?.[binding.type.toLowerCase()]?.(binding, fn);
      if (data !== undefined) inputData.push({ name: binding.name, data });
    }
    let context: unknown;
    const coreCtx: CoreInvocationContext = {
      invocationId,
      request: {
        invocationId,
        functionId: fn.functionId,
        inputData,
        triggerMetadata: request.triggerMetadata ?? {},
        retryContext: request.retryContext,
      },
      metadata: fn.metadata,
      state: undefined,
      log: (level, category, message) => this.#emit(fn, invocationId, level, category, message, context),
    };
    if (this.#options.logInvocations !== false) {
      this.#emit(
        fn,
        invocationId,
        "information",
        "system",
        `Executing 'Functions.${fn.name}' (Reason='${request.reason ?? "This function was programmatically called via the host APIs."}', Id=${invocationId})`,
      );
    }
    try {
      const model = getProgrammingModel().getInvocationModel(coreCtx);
      const args = await model.getArguments();
      context = args.context;
      const hookData: Record<string, unknown> = {};
      const pre = {
        hookData,
        appHookData: this.appHookData,
        invocationContext: context,
        inputs: args.inputs,
        functionCallback: fn.callback,
      };
      coreCtx.state = "preInvocationHooks";
      for (const hook of [...registrations.hooks.preInvocation]) await hook(pre);
      coreCtx.state = "invocation";
      const post: Record<string, unknown> = {
        hookData,
        appHookData: this.appHookData,
        invocationContext: context,
        inputs: pre.inputs,
      };
      try {
        post.result = await this.#withTimeout(fn, model.invokeFunction(context, pre.inputs, pre.functionCallback));
      } catch (error) {
        post.error = error;
      }
      coreCtx.state = "postInvocationHooks";
      for (const hook of [...registrations.hooks.postInvocation]) await hook(post);
      coreCtx.state = undefined;
      if (post.error !== undefined && post.error !== null) throw post.error;
      const response = await model.getResponse(context, post.result);
      await this.#deliverOutputs(fn, response);
      this.#done(fn, invocationId, started, undefined);
      return response;
    } catch (error) {
      this.#done(fn, invocationId, started, error);
      throw error;
    }
  }

  /** Runs app-level hooks (`appStart`, `appTerminate`) in registration order. */
  async runAppHook(name: "appStart" | "appTerminate", functionAppDirectory: string): Promise<void> {
    const context = { hookData: this.appHookData, appHookData: this.appHookData, functionAppDirectory };
    for (const hook of [...this.#options.registrations.hooks[name]]) await hook(context);
  }

  async #withTimeout(fn: FunctionEntry, work: Promise<unknown>): Promise<unknown> {
    const limit = this.#options.functionTimeoutInMs;
    if (limit === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new FunctionTimeoutError(
              `Timeout value of ${formatTimeSpan(limit)} was exceeded by function: Functions.${fn.name}`,
            ),
          ),
        limit,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #deliverOutputs(fn: FunctionEntry, response: RpcInvocationResponse): Promise<void> {
    const values = new Map<string, RpcTypedData>();
    for (const item of response.outputData ?? []) if (item.data) values.set(item.name, item.data);
    if (response.returnValue) values.set("$return", response.returnValue);
    for (const binding of fn.outputs) {
      const data = values.get(binding.name);
      const type = binding.type.toLowerCase();
      if (!data || type === "http") continue;
      const handler = this.#options.outputHandlers?.[type];
      if (handler) await handler(binding, data, fn);
      else if (!this.#warned.has(type)) {
        this.#warned.add(type);
        this.#options.log({
          time: new Date(),
          level: "warning",
          category: "host",
          message: `Output binding type '${binding.type}' is not supported by the local host; values are dropped`,
        });
      }
    }
  }

  #done(fn: FunctionEntry, invocationId: string, started: number, error: unknown): void {
    if (this.#options.logInvocations === false && error === undefined) return;
    const duration = Math.round(performance.now() - started);
    const outcome = error === undefined ? "Succeeded" : "Failed";
    this.#emit(
      fn,
      invocationId,
      error === undefined ? "information" : "error",
      "system",
      `Executed 'Functions.${fn.name}' (${outcome}, Id=${invocationId}, Duration=${duration}ms)${error === undefined ? "" : `: ${error instanceof Error ? error.message : String(error)}`}`,
    );
  }

  #emit(
    fn: FunctionEntry,
    invocationId: string,
    level: RpcLogLevel,
    category: RpcLogCategory,
    message: string,
    invocationContext?: unknown,
  ): void {
    this.#options.log({ time: new Date(), level, category, message, functionName: fn.name, invocationId });
    for (const hook of this.#options.registrations.hooks.log) {
      try {
        void hook({ hookData: {}, level, message, category, invocationContext });
      } catch {
        // A failing log hook must not fail the invocation or recurse into logging.
      }
    }
  }
}
