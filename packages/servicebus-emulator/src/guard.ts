// Keeps one bad event from taking the emulator down: rhea runs some handlers from its own tick processing,
// where an exception would be uncaught, so every handler the emulator registers goes through `guarded`.

/** Wraps an event handler so that an exception is logged instead of escaping into rhea. */
export function guarded<A extends unknown[]>(label: string, handler: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      handler(...args);
    } catch (e) {
      console.error(`[servicebus-emulator] ${label} failed: ${(e as Error).stack ?? String(e)}`);
    }
  };
}
