/** The load run's result as data, and as the Markdown the README quotes (pure). */
import type { FaultTrial } from "./faults.js";
import type { LatencySummary } from "./stats.js";

export interface PhaseResult {
  name: string;
  instances: number;
  reindex: boolean;
  connections: number;
  seconds: number;
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Asks that overlapped an upload (its write and re-index), when a re-index loop ran. */
  duringReindex?: LatencySummary;
  reindexes?: { count: number; failed: number; uploadMs: LatencySummary; buildSeconds: LatencySummary };
  /** Milliseconds the uploaded-to instance's thread spent loading its latest index (documents status loadMs). */
  indexLoadMs?: number;
}

export interface Comparison {
  instances: number;
  idleP95: number;
  duringReindexP95: number;
  /** duringReindexP95 / idleP95; the target is ≤ 2. */
  ratio: number;
  /** Failed asks and uploads in the re-index phase; the target is 0. */
  failed: number;
  meetsTarget: boolean;
}

export interface LoadResult {
  startedAt: string;
  commit: string;
  label: string;
  options: { seconds: number; connections: number; trials: number; corpus: string; database: string };
  phases: PhaseResult[];
  comparisons: Comparison[];
  faults: FaultTrial[];
}

/** The issue's target: asks during a re-index within twice their idle p95, and nothing failed. */
export const MAX_REINDEX_RATIO = 2;

export function compare(idle: PhaseResult, busy: PhaseResult): Comparison {
  const duringReindexP95 = busy.duringReindex?.p95 ?? busy.latency.p95;
  const ratio = Math.round((duringReindexP95 / idle.latency.p95) * 100) / 100;
  const failed = busy.non2xx + busy.errors + (busy.reindexes?.failed ?? 0);
  return {
    instances: busy.instances,
    idleP95: idle.latency.p95,
    duringReindexP95,
    ratio,
    failed,
    meetsTarget: ratio <= MAX_REINDEX_RATIO && failed === 0,
  };
}

const ms = (x: number) => (Number.isFinite(x) ? String(x) : "–");

export function loadMarkdown(r: LoadResult): string {
  const lines = [
    `### Load (${r.label}; ${r.options.connections} askers, ${r.options.seconds} s a phase, commit ${r.commit}, state store: ${r.options.database})`,
    "",
    "| phase | requests | req/s | non-2xx | errors | p50 ms | p95 ms | p99 ms | max ms | asks during a re-index p95 ms | re-indexes (failed) | upload p50 / max ms | index load on the service thread ms |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const p of r.phases) {
    const re = p.reindexes;
    lines.push(
      `| ${p.name} | ${p.requests} | ${p.requestsPerSecond} | ${p.non2xx} | ${p.errors} | ${ms(p.latency.p50)} | ${ms(p.latency.p95)} | ${ms(p.latency.p99)} | ${ms(p.latency.max)} | ${p.duringReindex ? ms(p.duringReindex.p95) : "–"} | ${re ? `${re.count} (${re.failed})` : "–"} | ${re ? `${ms(re.uploadMs.p50)} / ${ms(re.uploadMs.max)}` : "–"} | ${p.indexLoadMs ?? "–"} |`,
    );
  }
  lines.push(
    "",
    "| instances | ask p95 idle ms | ask p95 during a re-index ms | ratio (target ≤ 2) | failed (target 0) | target met |",
  );
  lines.push("|---|---|---|---|---|---|");
  for (const c of r.comparisons) {
    lines.push(
      `| ${c.instances} | ${ms(c.idleP95)} | ${ms(c.duringReindexP95)} | ${c.ratio} | ${c.failed} | ${c.meetsTarget ? "yes" : "no"} |`,
    );
  }
  if (r.faults.length) {
    lines.push(
      "",
      "| fault | trial | killed after ms | acknowledged before the kill | after restart |",
      "|---|---|---|---|---|",
    );
    for (const f of r.faults) {
      const outcome = f.problems.length
        ? f.problems.join("; ")
        : f.note
          ? `not checked: ${f.note}`
          : "nothing lost or half-written";
      lines.push(`| kill -9 mid-${f.kind} | ${f.trial} | ${f.killedAfterMs} | ${f.acknowledged} | ${outcome} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
