import { defineConfig } from "vitest/config";

// Tests spawn guests in workers and child processes: give them room on a 2-core
// CI machine, and never assert timings (docs/BENCHMARKS.md has the figures).
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
