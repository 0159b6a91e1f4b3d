// Provides the worker's `@azure/functions-core` module: a `require` hook answers the library's lazy lookup, and
// every registration lands in the `AppRegistrations` being captured while an app loads. Installing the hook before
// the first `app.*` call matters: the library caches a failed lookup for the life of the process (test mode).
import Module from "node:module";
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from "./coreTypes.js";

/** A function as the library registered it. */
export interface RegisteredFunction {
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
}

/** Everything one app registered while it loaded. */
export interface AppRegistrations {
  readonly functions: Map<string, RegisteredFunction>;
  readonly hooks: Record<HookName, HookCallback[]>;
  /** Set when the app enabled HTTP streaming: where the library's proxy server listens (`HttpUri`). */
  httpStreamUri?: string | undefined;
  /** Receives system logs from the library (`coreApi.log`). */
  systemLog: (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;
}

const HOOK_NAMES: readonly HookName[] = ["preInvocation", "postInvocation", "appStart", "appTerminate", "log"];
const CORE_MODULE_ID = "@azure/functions-core";

let programmingModel: ProgrammingModel | undefined;
let capture: AppRegistrations = newRegistrations();

/** An empty registration set. */
export function newRegistrations(): AppRegistrations {
  const hooks = Object.fromEntries(HOOK_NAMES.map((name) => [name, []])) as unknown as AppRegistrations["hooks"];
  return { functions: new Map(), hooks, systemLog: () => {} };
}

/** Routes registrations made from now on into `target`; returns the previous target. */
export function captureRegistrations(target: AppRegistrations): AppRegistrations {
  const previous = capture;
  capture = target;
  return previous;
}

/** The programming model `@azure/functions` announced, once any app registered something. */
export function getProgrammingModel(): ProgrammingModel {
  if (!programmingModel)
    throw new Error("No programming model: the app registered no functions through @azure/functions");
  return programmingModel;
}

class Disposable {
  readonly #onDispose: () => void;
  constructor(onDispose: () => void) {
    this.#onDispose = onDispose;
  }
  dispose(): void {
    this.#onDispose();
  }
}

function systemError(message: string, ErrorType: typeof Error = Error): Error {
  return Object.assign(new ErrorType(message), { isAzureFunctionsSystemError: true });
}

const coreApi = {
  version: "3.12.0",
  hostVersion: "4.1040.0",
  Disposable,
  setProgrammingModel(model: ProgrammingModel): void {
    programmingModel = model;
  },
  getProgrammingModel(): ProgrammingModel | undefined {
    return programmingModel;
  },
  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    const target = capture;
    if (target.functions.has(metadata.name)) {
      throw systemError(`A function with the name "${metadata.name}" has already been registered.`);
    }
    target.functions.set(metadata.name, { metadata, callback });
    return new Disposable(() => target.functions.delete(metadata.name));
  },
  registerHook(name: string, callback: HookCallback): Disposable {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      throw systemError(`Unrecognized hook "${name}"`, RangeError);
    }
    const list = capture.hooks[name as HookName];
    list.push(callback);
    return new Disposable(() => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    });
  },
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
    capture.systemLog(level, category, message);
  },
};

let installed = false;

/** Makes `require("@azure/functions-core")` return the host's core API, as the Node.js worker does. Idempotent. */
export function installCoreModule(): void {
  if (installed) return;
  installed = true;
  const proto = Module.prototype as unknown as { require: (this: unknown, id: string) => unknown };
  const original = proto.require;
  proto.require = function requireWithCore(this: unknown, id: string): unknown {
    return id === CORE_MODULE_ID ? coreApi : original.call(this, id);
  };
}
