// Sends signed bytes to every endpoint and decides what the answers mean together. An endpoint that timed out or
// failed may hold the transaction and pass it on, so a refusal is final only when every endpoint gave a final
// verdict; "nonce too low" is a verdict only once a node proves it: it has no transaction of that hash while its own
// state has our nonce used — both read in one HTTP request, since behind a load balancer the node that refused the
// bytes and the one asked next may differ (the soak saw a mined batch dropped and its updates written twice).
import { Transaction } from "ethers";
import { AppError } from "../../domain/appError.js";
import type { SignedTransaction } from "./transactionSigner.js";
import type { EndpointAnswer, RpcPool } from "./rpcPool.js";

/**
 * Broadcasts `signed` byte-identical to every endpoint. Resolves when any endpoint took it, knew it, or shows it
 * mined; throws a final AppError only when every endpoint refused it for good (DESIGN §6.3, §6.4), else the most
 * telling retryable error (a node's answer before a transport failure).
 */
export async function broadcastRaw(pool: RpcPool, signed: SignedTransaction): Promise<void> {
  const verdicts = pool
    .requestEach<string>("eth_sendRawTransaction", [signed.raw])
    .map((pending) => pending.then((answer) => verdictOf(pool, signed, answer)));
  // The first endpoint that takes the bytes (or shows them mined) settles it: a hung one must not hold us up.
  if (await anySucceeded(verdicts)) return;
  const failures = (await Promise.all(verdicts)).filter((e): e is AppError => e !== null);
  const unknown = failures.filter((e) => e.retryable);
  if (failures.length > 0 && unknown.length === 0) throw failures[0];
  const answered = unknown.find((e) => e.code !== "NODE_UNAVAILABLE" && e.code !== "TIMEOUT");
  throw answered ?? unknown[0] ?? new AppError("NODE_UNAVAILABLE", "eth_sendRawTransaction: no endpoint answered");
}

/** True as soon as one endpoint's verdict is success; false once every endpoint answered otherwise. */
function anySucceeded(verdicts: readonly Promise<AppError | null>[]): Promise<boolean> {
  return new Promise((resolve) => {
    for (const verdict of verdicts) void verdict.then((error) => error === null && resolve(true));
    void Promise.all(verdicts).then(() => resolve(false));
  });
}

/**
 * One endpoint's refusal as an error, or null when it took or knew the bytes or shows them mined. "Nonce too low"
 * for bytes of ours that were mined is success. To tell, the endpoint is asked in one batch for the transaction by
 * hash and for our account's mined nonce: found → success; not found by a node whose state has our nonce used →
 * other bytes took the nonce, final; not found by a node behind that nonce (another node behind a load balancer than
 * the one that refused) → unknown, retried. A failed re-check leaves the answer unknown too.
 */
async function verdictOf(
  pool: RpcPool,
  signed: SignedTransaction,
  answer: EndpointAnswer<string>,
): Promise<AppError | null> {
  if (answer.ok || answer.error.code === "ALREADY_KNOWN") return null;
  if (answer.error.code !== "NONCE_TOO_LOW") return answer.error;
  const { hash, nonce } = signed;
  try {
    const [found, mined] = await pool.batchOn(answer.endpoint, [
      { method: "eth_getTransactionByHash", params: [hash] },
      { method: "eth_getTransactionCount", params: [Transaction.from(signed.raw).from, "latest"] },
    ]);
    if (found !== null) return null;
    if (Number(mined) > nonce) return answer.error;
    return new AppError("NODE_BEHIND", `${hash}: "nonce too low", then a node behind nonce ${nonce} was asked`, {
      details: { endpoint: answer.endpoint },
    });
  } catch (error) {
    return new AppError("NODE_UNAVAILABLE", `re-checking ${hash} after "nonce too low" failed`, {
      cause: error,
      details: { endpoint: answer.endpoint },
    });
  }
}
