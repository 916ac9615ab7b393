/**
 * The Markdown table of a bench run: one column per corpus, one row per measure, each cell
 * "project / baseline (ratio)". A step that did not finish shows how it ended and when. Pure.
 */
import type { BenchRun, CorpusResult, SystemResult } from "./result.js";
import { ratio } from "./stats.js";
import type { Step } from "./step.js";

type Cell = { text: string; value?: number };

/** A number with sensible precision for a table: 3 significant digits, thousands grouped. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** How a step that did not succeed reads in a cell: "out of memory at 286 s". */
export function formatFailure(step: Exclude<Step<unknown>, { status: "ok" }>): string {
  const at = `${formatNumber(step.seconds)} s`;
  switch (step.status) {
    case "timeout":
      return `timeout at ${at}`;
    case "out-of-memory":
      return `out of memory at ${at}`;
    case "skipped":
      return "skipped";
    default:
      return `failed at ${at}`;
  }
}

function cell<T>(step: Step<T>, pick: (v: T) => number | undefined, unit = ""): Cell {
  if (step.status !== "ok") return { text: formatFailure(step) };
  const value = pick(step.value);
  return value === undefined || !Number.isFinite(value)
    ? { text: "–" }
    : { text: `${formatNumber(value)}${unit}`, value };
}

function pair(project: Cell, baseline: Cell): string {
  const r = ratio(project.value, baseline.value);
  return `${project.text} / ${baseline.text}${r === undefined ? "" : ` (${formatNumber(r)}×)`}`;
}

interface Row {
  label: string;
  render: (c: CorpusResult) => string;
}

function measureRow<T>(
  label: string,
  select: (s: SystemResult) => Step<T>,
  pick: (v: T) => number | undefined,
  unit = "",
): Row {
  return {
    label,
    render: (c) => pair(cell(select(c.project), pick, unit), cell(select(c.baseline), pick, unit)),
  };
}

const ROWS: Row[] = [
  { label: "files / characters", render: (c) => `${formatNumber(c.files)} / ${formatNumber(c.chars)}` },
  {
    label: "load average at start (2 cores)",
    render: (c) => (c.loadAverage === undefined ? "–" : formatNumber(c.loadAverage)),
  },
  measureRow(
    "chunks",
    (s) => s.build,
    (v) => v.chunks,
  ),
  measureRow(
    "full index build",
    (s) => s.build,
    (v) => v.seconds,
    " s",
  ),
  measureRow(
    "peak RSS while building",
    (s) => s.build,
    (v) => v.peakRssMiB,
    " MiB",
  ),
  measureRow(
    "index on disk",
    (s) => s.build,
    (v) => v.diskMB,
    " MB",
  ),
  measureRow(
    "one file changed: update",
    (s) => s.incremental,
    (v) => v.seconds,
    " s",
  ),
  {
    label: "update / full build",
    render: (c) => {
      const share = (s: SystemResult) =>
        s.incremental.status === "ok" && s.build.status === "ok"
          ? ratio(s.incremental.value.seconds, s.build.value.seconds)
          : undefined;
      const f = (x: number | undefined) => (x === undefined ? "–" : formatNumber(x));
      return `${f(share(c.project))} / ${f(share(c.baseline))}`;
    },
  },
  measureRow(
    "service ready (existing index)",
    (s) => s.start,
    (v) => v.readySeconds,
    " s",
  ),
  measureRow(
    "RSS after start",
    (s) => s.start,
    (v) => v.rssMiB,
    " MiB",
  ),
  measureRow(
    "ask p50, sequential",
    (s) => s.sequential,
    (v) => v.p50,
    " ms",
  ),
  measureRow(
    "ask p95, sequential",
    (s) => s.sequential,
    (v) => v.p95,
    " ms",
  ),
  measureRow(
    "requests/s, 8 clients",
    (s) => s.load8,
    (v) => v.requestsPerSecond,
  ),
  measureRow(
    "requests/s, 32 clients",
    (s) => s.load32,
    (v) => v.requestsPerSecond,
  ),
  measureRow(
    "ask p95 during a re-index",
    (s) => s.duringReindex,
    (v) => v.p95,
    " ms",
  ),
  measureRow(
    "… its re-index took",
    (s) => s.duringReindex,
    (v) => v.reindexSeconds,
    " s",
  ),
  measureRow(
    "… failed asks during it",
    (s) => s.duringReindex,
    (v) => v.failed,
  ),
  measureRow(
    "answer in top 8 passages",
    (s) => s.sequential,
    (v) => v.top8 * 100,
    "%",
  ),
];

export function renderTable(corpora: readonly CorpusResult[]): string {
  const header = `| measure (project / baseline, ratio) | ${corpora.map((c) => `${c.name} (${c.questions} q)`).join(" | ")} |`;
  const rule = `|---|${corpora.map(() => "---").join("|")}|`;
  const rows = ROWS.map(
    (r) => `| ${r.label} | ${corpora.map((c) => r.render(c).replaceAll("|", "\\|")).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}

/** Marks a system a run did not measure (run-corpus.ts NOT_MEASURED). */
const NOT_MEASURED = "not measured in this run";

const measured = (s: SystemResult) => !(s.build.status === "skipped" && s.build.error === NOT_MEASURED);

/**
 * One result per corpus name over several runs: for each system, the last run that measured it
 * (a run may re-measure one system alone, e.g. the project with a longer bound).
 */
export function mergeCorpora(runs: readonly BenchRun[]): CorpusResult[] {
  const byName = new Map<string, CorpusResult>();
  for (const c of runs.flatMap((r) => r.corpora)) {
    const before = byName.get(c.name);
    if (!before) {
      byName.set(c.name, c);
      continue;
    }
    byName.set(c.name, {
      ...c,
      project: measured(c.project) ? c.project : before.project,
      baseline: measured(c.baseline) ? c.baseline : before.baseline,
      loadAverage: c.loadAverage ?? before.loadAverage,
    });
  }
  return [...byName.values()];
}

/** The whole Markdown report of one or more runs: how each was made, then one table over all their corpora. */
export function renderReport(runs: readonly BenchRun[]): string {
  const lines = ["# Bench results", ""];
  for (const run of runs) {
    const m = run.machine;
    lines.push(
      `- ${run.mode} run of ${run.startedAt}${run.commit ? ` at ${run.commit.slice(0, 7)}` : ""}: ` +
        `${run.corpora.map((c) => c.name).join(", ")}; ${formatNumber(run.totalSeconds)} s in all; ` +
        `${m.cpus} cores, ${formatNumber(m.memoryGiB)} GiB, load ${m.loadAverage.map(formatNumber).join(" ")} at start; ` +
        `Node ${m.node}, heap ${run.heap}.`,
    );
  }
  lines.push("", renderTable(mergeCorpora(runs)), "");
  lines.push(
    "Cells: project / baseline (minisearch + @node-rs/jieba, ≤ 250-character chunks) and their ratio.",
    "Latencies are HTTP on loopback, the baseline behind a plain node:http server. The re-index row asks",
    "without pause from one client while a new document is uploaded (project: POST /api/documents).",
    "",
  );
  return lines.join("\n");
}
