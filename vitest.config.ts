import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests build real indexes and start real servers; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
