import { describe, expect, it } from "vitest";
import { readMemory, runBounded } from "../../src/bench/child.js";
import { runStep } from "../../src/bench/step.js";

const node = (code: string, flags: string[] = []) => [...flags, "-e", code];

describe("bounded child processes", () => {
  it("when a child finishes, then its output, time and peak memory are recorded", async () => {
    const run = await runBounded(
      process.execPath,
      node("const a = Buffer.alloc(64e6, 1); setTimeout(() => console.log(a[0]), 300)"),
      {
        env: process.env,
        timeoutMs: 20_000,
      },
    );
    expect(run.stdout.trim()).toBe("1");
    expect(run.seconds).toBeGreaterThan(0.2);
    expect(run.peakRssMiB).toBeGreaterThan(60);
  });

  it("when a child runs past its bound, then it is killed and the step says timeout", async () => {
    const step = await runStep(() =>
      runBounded(process.execPath, node("setInterval(() => {}, 1000)"), { env: process.env, timeoutMs: 500 }),
    );
    expect(step.status).toBe("timeout");
    expect(step.seconds).toBeLessThan(10);
  });

  it("when a child runs out of heap, then the step says out-of-memory, not just failed", async () => {
    const grow = "const a = []; for (;;) a.push({ s: 'x'.repeat(100) + Math.random() });";
    const step = await runStep(() =>
      runBounded(process.execPath, node(grow, ["--max-old-space-size=32"]), { env: process.env, timeoutMs: 30_000 }),
    );
    expect(step.status).toBe("out-of-memory");
  });

  it("when a child exits non-zero, then the step failed with its stderr", async () => {
    const step = await runStep(() =>
      runBounded(process.execPath, node("console.error('索引失败'); process.exit(3)"), {
        env: process.env,
        timeoutMs: 20_000,
      }),
    );
    expect(step).toMatchObject({ status: "failed" });
    expect(step.status !== "ok" && step.error).toContain("exit 3");
    expect(step.status !== "ok" && step.error).toContain("索引失败");
  });

  it("reads this process's memory and nothing for a pid that does not exist", () => {
    expect(readMemory(process.pid)!.rssMiB).toBeGreaterThan(10);
    expect(readMemory(2 ** 22 + 12345)).toBeUndefined();
  });
});
