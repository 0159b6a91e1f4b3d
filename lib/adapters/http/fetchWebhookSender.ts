// Signs webhooks per Standard Webhooks (the `standardwebhooks` package; one `v1,` signature per valid secret, space
// separated) and POSTs them with undici's fetch under a per-attempt timeout, through a connection pool whose DNS
// lookup refuses the addresses webhookAddresses.ts forbids (an IP-literal host is checked before the request). A
// receiver's failure is an outcome, not an exception; the body is never logged or echoed, and redirects are not
// followed (3xx is a failed attempt).
import { Webhook } from "standardwebhooks";
import { Agent, fetch } from "undici";
import type { WebhookRequest, WebhookSender } from "../../ports/distribution.js";
import type { AttemptOutcome } from "../../domain/deliveryDecision.js";
import { scrubUrls } from "../../domain/redactUrl.js";
import { parseRetryAfter } from "../../domain/retrySchedule.js";
import { guardedLookup, literalRefusal, WebhookAddressRefused, type WebhookAddressPolicy } from "./webhookAddresses.js";

/** The `User-Agent` of deliveries. */
const USER_AGENT = "creditlink-webhooks/1";

/** The Standard Webhooks headers for a request (exported for the partner verifier's tests). */
export function signedHeaders(request: Omit<WebhookRequest, "url" | "timeoutInMs">): Record<string, string> {
  const signatures = request.secrets.map((secret) =>
    new Webhook(secret).sign(request.webhookId, request.timestamp, request.body),
  );
  return {
    "webhook-id": request.webhookId,
    "webhook-timestamp": String(Math.floor(request.timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

/** The WebhookSender over fetch. */
export class FetchWebhookSender implements WebhookSender {
  readonly #dispatcher: Agent;

  constructor(private readonly policy: WebhookAddressPolicy) {
    this.#dispatcher = new Agent({ connect: { lookup: guardedLookup(policy) } });
  }

  async send(request: WebhookRequest): Promise<AttemptOutcome> {
    const started = performance.now();
    const durationInMs = () => Math.round(performance.now() - started);
    const url = new URL(request.url);
    const refused = literalRefusal(url, this.policy);
    if (refused) {
      const message = new WebhookAddressRefused(url.hostname, refused).message;
      return { kind: "refused", message, durationInMs: durationInMs() };
    }
    try {
      const response = await fetch(request.url, {
        dispatcher: this.#dispatcher,
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...signedHeaders(request) },
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(request.timeoutInMs),
      });
      await response.body?.cancel();
      const retryAfterInSeconds = parseRetryAfter(response.headers.get("retry-after"), new Date());
      return { kind: "response", status: response.status, retryAfterInSeconds, durationInMs: durationInMs() };
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        return { kind: "timeout", durationInMs: durationInMs() };
      }
      const cause = error instanceof Error ? error.cause : undefined;
      if (cause instanceof WebhookAddressRefused)
        return { kind: "refused", message: cause.message, durationInMs: durationInMs() };
      return { kind: "network", message: networkMessage(error), durationInMs: durationInMs() };
    }
  }
}

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  // An error's text may quote the URL, and with it a credential or token in its path or query.
  return cause?.code ?? scrubUrls(error instanceof Error ? error.message : String(error));
}
