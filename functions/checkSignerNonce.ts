// Activity: the submitter's start-up check of the signing key's nonce against the chain (adopt, rebroadcast, fill).
import * as df from "durable-functions";
import { foreignTransactions, nonceGaps } from "../lib/observability/metrics.js";
import { signerDeps } from "../lib/composition/submissionDeps.js";
import { services } from "../lib/composition/services.js";
import { reconcileSigner, type SignerReport } from "../lib/submission/reconcileSigner.js";

/** Compares and repairs the signer's nonce; logs a warning when the key was used outside creditlink. */
export async function checkSignerNonce(): Promise<SignerReport> {
  const s = await services();
  const report = await reconcileSigner(signerDeps(s));
  nonceGaps.add(report.filled.length);
  foreignTransactions.add(report.foreignTransactions);
  const log = s.logger.child({ event: "signer.reconciled", ...report });
  if (report.foreignTransactions > 0) log.warn("the signing key sent transactions creditlink did not store");
  else log.info("signer nonce reconciled");
  return report;
}

export const checkSignerNonceActivity = df.app.activity("checkSignerNonce", { handler: checkSignerNonce });
