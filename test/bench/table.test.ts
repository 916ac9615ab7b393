import { describe, expect, it } from "vitest";
import type { BenchRun, CorpusResult, SystemResult } from "../../src/bench/result.js";
import { formatFailure, formatNumber, mergeCorpora, renderReport, renderTable } from "../../src/bench/table.js";
import { skipped } from "../../src/bench/step.js";

function system(buildSeconds: number, p95: number, top8: number): SystemResult {
  return {
    build: {
      status: "ok",
      seconds: buildSeconds,
      value: { seconds: buildSeconds, peakRssMiB: 600, diskMB: 20, chunks: 1000 },
    },
    incremental: { status: "ok", seconds: buildSeconds / 2, value: { seconds: buildSeconds / 2, peakRssMiB: 500 } },
    start: { status: "ok", seconds: 1, value: { readySeconds: 1, rssMiB: 400 } },
    sequential: { status: "ok", seconds: 2, value: { n: 200, failed: 0, p50: p95 / 2, p95, max: p95, top8 } },
    load8: {
      status: "ok",
      seconds: 10,
      value: { connections: 8, durationSeconds: 10, requestsPerSecond: 250, p50: 5, p97_5: 9, failed: 0 },
    },
    load32: skipped("not run"),
    duringReindex: { status: "timeout", seconds: 600, error: "re-index still running" },
  };
}

const corpus = (name: string, project: SystemResult, baseline: SystemResult): CorpusResult => ({
  name,
  files: 348,
  chars: 6_500_000,
  questions: 200,
  project,
  baseline,
  seconds: 100,
});

describe("bench table", () => {
  it("formats numbers to about three significant digits", () => {
    expect(formatNumber(1234.5)).toBe("1,235");
    expect(formatNumber(53.94)).toBe("53.9");
    expect(formatNumber(5.432)).toBe("5.43");
    expect(formatNumber(0.8345)).toBe("0.835");
    expect(formatNumber(NaN)).toBe("–");
  });

  it("says how a step ended and when", () => {
    expect(formatFailure({ status: "out-of-memory", seconds: 286, error: "heap" })).toBe("out of memory at 286 s");
    expect(formatFailure({ status: "timeout", seconds: 900.4, error: "" })).toBe("timeout at 900 s");
    expect(formatFailure({ status: "failed", seconds: 1.5, error: "" })).toBe("failed at 1.5 s");
    expect(formatFailure({ status: "skipped", seconds: 0, error: "build failed" })).toBe("skipped");
  });

  it("puts project / baseline (ratio) in one column per corpus", () => {
    const table = renderTable([
      corpus("law-10", system(54, 57.3, 0.9), system(7.2, 5, 0.85)),
      corpus(
        "synthetic",
        { ...system(1, 1, 1), build: { status: "out-of-memory", seconds: 286, error: "" } },
        system(58, 10, 0.8),
      ),
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toBe("| measure (project / baseline, ratio) | law-10 (200 q) | synthetic (200 q) |");
    expect(lines[1]).toBe("|---|---|---|");
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label} |`));
    expect(row("full index build")).toBe("| full index build | 54 s / 7.2 s (7.5×) | out of memory at 286 s / 58 s |");
    expect(row("ask p95, sequential")).toBe("| ask p95, sequential | 57.3 ms / 5 ms (11.5×) | 1 ms / 10 ms (0.1×) |");
    expect(row("update / full build")).toBe("| update / full build | 0.5 / 0.5 | – / 0.5 |");
    expect(row("requests/s, 32 clients")).toBe("| requests/s, 32 clients | skipped / skipped | skipped / skipped |");
    expect(row("ask p95 during a re-index")).toContain("timeout at 600 s / timeout at 600 s");
    expect(row("answer in top 8 passages")).toContain("90% / 85% (1.06×)");
  });

  it("describes each run above one table over all their corpora", () => {
    const run = (name: string): BenchRun => ({
      startedAt: "2026-11-29T17:00:00.000Z",
      mode: "full",
      commit: "0123456789abcdef",
      machine: { cpus: 2, memoryGiB: 23.5, loadAverage: [1.5, 1, 1], node: "v20.20.2" },
      heap: "Node's default",
      corpora: [corpus(name, system(1, 1, 1), system(1, 1, 1))],
      totalSeconds: 120,
    });
    const report = renderReport([run("law-10"), run("law-33")]);
    expect(report).toContain("- full run of 2026-11-29T17:00:00.000Z at 0123456: law-10; 120 s in all; 2 cores");
    expect(report).toContain("| measure (project / baseline, ratio) | law-10 (200 q) | law-33 (200 q) |");
  });
});

describe("results of several runs", () => {
  it("when a later run re-measures one system, then its result replaces that system's only", () => {
    const notMeasured = (): SystemResult => ({
      ...system(1, 1, 1),
      build: { status: "skipped", seconds: 0, error: "not measured in this run" },
    });
    const first = corpus(
      "law-10",
      { ...system(1, 1, 1), build: { status: "timeout", seconds: 600, error: "" } },
      system(50, 9, 0.9),
    );
    const second = corpus("law-10", system(900, 400, 0.95), notMeasured());
    const run = (c: CorpusResult): BenchRun => ({
      startedAt: "",
      mode: "full",
      machine: { cpus: 2, memoryGiB: 23.5, loadAverage: [1, 1, 1], node: "v20" },
      heap: "",
      corpora: [c],
      totalSeconds: 1,
    });
    const [merged] = mergeCorpora([run(first), run(second), run(corpus("sample", system(1, 1, 1), system(1, 1, 1)))]);
    expect(merged.project.build.status).toBe("ok");
    expect(merged.project.sequential).toMatchObject({ value: { p95: 400 } });
    expect(merged.baseline.sequential).toMatchObject({ value: { p95: 9 } });
    expect(mergeCorpora([run(first), run(second)])).toHaveLength(1);
  });
});
