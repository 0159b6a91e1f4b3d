// Callers waiting (in real time) for an instance to finish, released by the engine when it commits a terminal state.

/** Per-instance waiters with a timeout each. */
export class Waiters {
  readonly #byInstance = new Map<string, (() => void)[]>();

  /** Resolves true when {@link release} is called for `instanceId`, false after `timeoutInMs`. */
  wait(instanceId: string, timeoutInMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutInMs);
      const list = this.#byInstance.get(instanceId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.#byInstance.set(instanceId, list);
    });
  }

  /** Resolves every waiter of `instanceId`. */
  release(instanceId: string): void {
    for (const resolve of this.#byInstance.get(instanceId) ?? []) resolve();
    this.#byInstance.delete(instanceId);
  }
}
