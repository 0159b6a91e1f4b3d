// The dispatcher step for one queued delivery job: a batch of one (see dispatchDeliveries), for callers that hold a
// single job.
import type { DeliveryJob } from "../ports/distribution.js";
import { dispatchDeliveries, type DispatchDeps, type DispatchResult } from "./dispatchDeliveries.js";

/** Runs one delivery attempt. */
export async function dispatchDelivery(deps: DispatchDeps, job: DeliveryJob): Promise<DispatchResult> {
  const [result] = await dispatchDeliveries(deps, [job]);
  return result ?? { status: "stale" };
}
