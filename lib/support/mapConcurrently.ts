// Bounded concurrency for batches of independent calls (storage reads, webhook POSTs), so a batch of a hundred
// items neither runs one at a time nor opens a hundred connections at once.

/** Maps `items` with at most `limit` calls of `fn` in flight; results keep the items' order; the first error
 * rejects and starts no further calls. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        next = items.length; // start nothing more once the batch has failed
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
