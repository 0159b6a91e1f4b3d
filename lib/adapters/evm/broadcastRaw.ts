// Sends signed bytes to every endpoint and decides what the answers mean together. An endpoint that timed out or
// failed may hold the transaction and pass it on, so a refusal is final only when every endpoint gave a final
// verdict; "nonce too low" never is (the soak saw mined batches dropped on it, behind a load balancer and while a
// node stored a block): the confirmation monitor decides whether other bytes took the nonce.
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
 * for bytes of ours that were mined is success: the endpoint that said it is asked for the transaction by hash.
 * Not found, "nonce too low" stays what it is — retryable: the nonce is used, but a node may show it used before
 * it serves the block that used it, so whether other bytes took it is decided by the confirmation monitor over two
 * checks at different blocks, never by one answer.
 */
async function verdictOf(
  pool: RpcPool,
  signed: SignedTransaction,
  answer: EndpointAnswer<string>,
): Promise<AppError | null> {
  if (answer.ok || answer.error.code === "ALREADY_KNOWN") return null;
  if (answer.error.code !== "NONCE_TOO_LOW") return answer.error;
  const found = await pool
    .requestOn<unknown>(answer.endpoint, "eth_getTransactionByHash", [signed.hash])
    .catch(() => null);
  return found === null ? answer.error : null;
}
