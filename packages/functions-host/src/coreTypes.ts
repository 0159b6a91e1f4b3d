// The slice of the worker's `@azure/functions-core` contract that the host implements: typed-data values,
// function metadata, the programming model and invocation model the library hands back. Mirrors the worker's
// `types-core` declarations for @azure/functions 4.x; nothing here has behaviour.

/** A value crossing the host/worker boundary (`RpcTypedData` in the worker protocol). */
export interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  stream?: Uint8Array | null;
  http?: RpcHttpData | null;
  int?: number | null;
  double?: number | null;
  collectionBytes?: { bytes?: Uint8Array[] | null } | null;
  collectionString?: { string?: string[] | null } | null;
  collectionDouble?: { double?: number[] | null } | null;
  collectionSint64?: { sint64?: number[] | null } | null;
}

/** An HTTP request or response as the worker protocol carries it. */
export interface RpcHttpData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  body?: RpcTypedData | null;
  params?: Record<string, string> | null;
  statusCode?: string | null;
  query?: Record<string, string> | null;
  enableContentNegotiation?: boolean | null;
  cookies?: RpcHttpCookie[] | null;
}

/** A response cookie, with the protocol's nullable wrappers. */
export interface RpcHttpCookie {
  name?: string | null;
  value?: string | null;
  domain?: { value?: string | null } | null;
  path?: { value?: string | null } | null;
  expires?: { value?: { seconds?: number | null; nanos?: number | null } | null } | null;
  secure?: { value?: boolean | null } | null;
  httpOnly?: { value?: boolean | null } | null;
  sameSite?: string | number | null;
  maxAge?: { value?: number | null } | null;
}

/** One binding of a function, as `toCoreFunctionMetadata` produces it. */
export interface RpcBindingInfo {
  type: string;
  direction: "in" | "out" | "inout";
  [option: string]: unknown;
}

/** What the library registers for each function. */
export interface FunctionMetadata {
  name: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

/** A named input value of an invocation. */
export interface RpcParameterBinding {
  name: string;
  data: RpcTypedData | null | undefined;
}

/** The invocation request the host builds. */
export interface RpcInvocationRequest {
  invocationId: string;
  functionId: string;
  inputData: RpcParameterBinding[];
  triggerMetadata: Record<string, RpcTypedData>;
  retryContext?: { retryCount: number; maxRetryCount: number } | undefined;
}

/** What `InvocationModel.getResponse` returns. */
export interface RpcInvocationResponse {
  invocationId?: string;
  outputData?: RpcParameterBinding[];
  returnValue?: RpcTypedData | null;
}

export type RpcLogLevel = "trace" | "debug" | "information" | "warning" | "error" | "critical" | "none";
export type RpcLogCategory = "user" | "system" | "customMetric";
export type InvocationState = "preInvocationHooks" | "invocation" | "postInvocationHooks";

/** The per-invocation context the host passes to the library. */
export interface CoreInvocationContext {
  invocationId: string;
  request: RpcInvocationRequest;
  metadata: FunctionMetadata;
  state?: InvocationState | undefined;
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

/** The user's handler (or durable wrapper) as registered. */
export type FunctionCallback = (...args: unknown[]) => unknown;

/** Returned by `ProgrammingModel.getInvocationModel`. */
export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

/** The object `@azure/functions` passes to `setProgrammingModel`. */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel;
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

export type HookName = "preInvocation" | "postInvocation" | "appStart" | "appTerminate" | "log";
export type HookCallback = (context: Record<string, unknown>) => unknown;
