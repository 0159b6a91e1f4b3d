// Probes each configured JSON-RPC endpoint on its own (no failover, unlike RpcPool): block height, peer count and
// gas price, each with a timeout. Endpoint URLs are reported without credentials or query strings.
import type { ChainProbe, EndpointProbe } from "../../ports/health.js";
import { redactUrl, scrubUrls } from "../../domain/redactUrl.js";

/** Options for {@link JsonRpcChainProbe}. */
export interface JsonRpcChainProbeOptions {
  urls: readonly string[];
  timeoutInMs: number;
}

/** The ChainProbe over plain JSON-RPC requests with fetch. */
export class JsonRpcChainProbe implements ChainProbe {
  constructor(private readonly options: JsonRpcChainProbeOptions) {}

  async probe(): Promise<EndpointProbe[]> {
    return Promise.all(this.options.urls.map((url) => this.probeOne(url)));
  }

  private async probeOne(url: string): Promise<EndpointProbe> {
    const started = performance.now();
    const shown = redactUrl(url);
    try {
      const [block, peers, gasPrice] = await Promise.all([
        this.call(url, "eth_blockNumber"),
        this.call(url, "net_peerCount").catch(() => undefined),
        this.call(url, "eth_gasPrice").catch(() => undefined),
      ]);
      return {
        url: shown,
        ok: true,
        blockNumber: Number(BigInt(block)),
        peers: peers === undefined ? undefined : Number(BigInt(peers)),
        gasPrice: gasPrice === undefined ? undefined : BigInt(gasPrice).toString(),
        latencyInMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      const message =
        error instanceof Error ? (error.name === "TimeoutError" ? "timeout" : scrubUrls(error.message)) : String(error);
      return { url: shown, ok: false, latencyInMs: Math.round(performance.now() - started), error: message };
    }
  }

  private async call(url: string, method: string): Promise<string> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
      signal: AbortSignal.timeout(this.options.timeoutInMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const answer = (await response.json()) as { result?: unknown; error?: { message?: string } };
    if (typeof answer.result !== "string") throw new Error(`${method}: ${answer.error?.message ?? "no result"}`);
    return answer.result;
  }
}
