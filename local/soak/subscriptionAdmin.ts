// What an operator does after a partner answered 410 and got its subscriptions disabled: re-activate each disabled
// subscription through the issuer's admin API and replay what was held meanwhile (`onlyFailed`). The soak does this
// after every 410 fault and once more before it drains, so the audit can expect every record at every receiver.
import type { RunningConsortium } from "../consortium/startConsortium.js";

/** Lets an answer of 410 that is still being recorded land before the subscription is re-activated. */
const SETTLE_IN_MS = 3_000;
const ATTEMPTS = 30;

/** Re-activates and replays every disabled subscription delivering to `receiverBank`; returns how many. */
export async function reenableSubscriptions(consortium: RunningConsortium, receiverBank: string): Promise<number> {
  await sleep(SETTLE_IN_MS);
  const subscriptions = consortium.receivers.subscriptions()[receiverBank] ?? {};
  let reenabled = 0;
  for (const [issuerName, { subscriptionId }] of Object.entries(subscriptions)) {
    const issuer = consortium.file.banks.find((b) => b.name === issuerName);
    if (!issuer) continue;
    const api = (route: string, init: RequestInit = {}) =>
      retrying(() =>
        fetch(`${issuer.hostUrl}/api/subscriptions/${subscriptionId}${route}`, {
          ...init,
          headers: { "x-functions-key": issuer.adminKey, "content-type": "application/json" },
        }),
      );
    const current = (await (await api("")).json()) as { state?: string };
    if (current.state !== "disabled") continue;
    await api("", { method: "PATCH", body: JSON.stringify({ state: "active" }) });
    await api("/replay", { method: "POST", body: JSON.stringify({ onlyFailed: true }) });
    reenabled++;
  }
  return reenabled;
}

/** Calls the admin API until it answers below 500 (the issuer's host may be restarting). */
async function retrying(call: () => Promise<Response>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await call().catch(() => null);
    if (response && response.status < 500) return response;
    if (attempt >= ATTEMPTS) throw new Error(`the admin API kept failing (${response?.status ?? "no answer"})`);
    await sleep(2_000);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
