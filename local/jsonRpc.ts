// One JSON-RPC call over fetch, for the local tools (status line, benchmark, tests) that read the chain without
// the app's RpcPool: no failover, no retries, an error answer thrown with the node's message.

/** Calls `method` on the node at `url` and returns its result. */
export async function jsonRpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message ?? JSON.stringify(body.error)}`);
  return body.result as T;
}
