// The addresses of the local components that test/globalSetup.ts started for this run.

export const STACK_ENV = {
  anvilRpcUrl: "CREDITLINK_TEST_ANVIL_RPC_URL",
  storageConnectionString: "CREDITLINK_TEST_STORAGE_CONNECTION_STRING",
} as const;

/** The running local stack; throws when the global setup did not run. */
export function testStack(): { anvilRpcUrl: string; storageConnectionString: string } {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through vitest (test/globalSetup.ts)`);
    return value;
  };
  return {
    anvilRpcUrl: read(STACK_ENV.anvilRpcUrl),
    storageConnectionString: read(STACK_ENV.storageConnectionString),
  };
}
