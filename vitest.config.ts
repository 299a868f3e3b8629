import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["js/test/**/*.test.ts"],
    environment: "node",
    // The 64 MiB conformance cases and the wasm start-up take seconds; no test
    // asserts on time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
