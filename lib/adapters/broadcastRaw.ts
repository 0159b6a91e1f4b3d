// Sends signed bytes to every endpoint and decides what the answers mean together. An endpoint that timed out or
// failed may hold the transaction and pass it on, so a refusal is final only when every endpoint gave a final
// verdict; "nonce too low" is a verdict only after the node that said it shows it has no transaction of that hash.
import { AppError } from "../domain/appError.js";
import type { SignedTransaction } from "../domain/ledgerTypes.js";
import type { EndpointAnswer, RpcPool } from "./rpcPool.js";

/**
 * Broadcasts `signed` byte-identical to every endpoint. Resolves when any endpoint took it, knew it, or shows it
 * mined; throws a final AppError only when every endpoint refused it for good (DESIGN §6.3, §6.4), else the most
 * telling retryable error (a node's answer before a transport failure).
 */
export async function broadcastRaw(pool: RpcPool, signed: SignedTransaction): Promise<void> {
  const pending = pool.requestEach<string>("eth_sendRawTransaction", [signed.raw]);
  // The first endpoint that takes the bytes settles it: a hung endpoint must not hold up the submitter.
  if (await anyAccepted(pending)) return;
  const answers = await Promise.all(pending);
  const errors = await Promise.all(answers.map((answer) => verdictOf(pool, signed.hash, answer)));
  if (errors.some((e) => e === null)) return;
  const failures = errors.filter((e): e is AppError => e !== null);
  const unknown = failures.filter((e) => e.retryable);
  if (failures.length > 0 && unknown.length === 0) throw failures[0];
  const answered = unknown.find((e) => e.code !== "NODE_UNAVAILABLE" && e.code !== "TIMEOUT");
  throw answered ?? unknown[0] ?? new AppError("NODE_UNAVAILABLE", "eth_sendRawTransaction: no endpoint answered");
}

/** True as soon as one endpoint took or knew the bytes; false once every endpoint answered otherwise. */
function anyAccepted(pending: readonly Promise<EndpointAnswer<string>>[]): Promise<boolean> {
  return new Promise((resolve) => {
    for (const answer of pending) {
      void answer.then((a) => (a.ok || a.error.code === "ALREADY_KNOWN") && resolve(true));
    }
    void Promise.all(pending).then(() => resolve(false));
  });
}

/**
 * One endpoint's refusal as an error, or null when it shows our bytes mined. "Nonce too low" for bytes of ours
 * that were mined is success; the node that said it has the block that used the nonce, so it is asked (not another
 * node, which may be behind); a failed re-check leaves the answer unknown.
 */
async function verdictOf(pool: RpcPool, hash: string, answer: EndpointAnswer<string>): Promise<AppError | null> {
  if (answer.ok) return null;
  if (answer.error.code !== "NONCE_TOO_LOW") return answer.error;
  try {
    const found = await pool.requestOn<unknown>(answer.endpoint, "eth_getTransactionByHash", [hash]);
    return found === null ? answer.error : null;
  } catch (error) {
    return new AppError("NODE_UNAVAILABLE", `re-checking ${hash} after "nonce too low" failed`, {
      cause: error,
      details: { endpoint: answer.endpoint },
    });
  }
}
