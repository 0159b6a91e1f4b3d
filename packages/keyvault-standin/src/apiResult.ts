// The answer shape of the stand-in's REST handlers and Key Vault's error body (`{ error: { code, message } }`).

/** A REST answer: status, JSON body and extra headers. */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A request as the REST handlers see it: method, path segments after the collection, parsed JSON body. */
export interface ApiRequest {
  method: string;
  /** Path segments after `/keys` or `/secrets` (an empty version segment stays as ""). */
  segments: string[];
  body: Record<string, unknown>;
}

/** A 200 answer. */
export function ok(body: unknown): ApiResult {
  return { status: 200, body };
}

/** A Key Vault error answer. */
export function apiError(status: number, code: string, message: string, headers?: Record<string, string>): ApiResult {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}
