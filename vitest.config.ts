import { defineConfig } from "vitest/config";

// One global setup starts the real local components (anvil, Azurite) on free loopback ports for the whole run.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
