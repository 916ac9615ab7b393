/** Console rendering of an eval run: summary table, failures, threshold violations. Pure strings. */
import type { EvalResult } from "./runner.js";
import type { Metrics, QuestionScore } from "./scoring.js";
import type { Violation } from "./thresholds.js";

type Format = "pct" | "num" | "ms" | "count";

const ROWS: Array<{ label: string; metric: keyof Metrics; format: Format }> = [
  { label: "问题数", metric: "questions", format: "count" },
  { label: "命中@1", metric: "hit1", format: "pct" },
  { label: "命中@5", metric: "hit5", format: "pct" },
  { label: "MRR@10", metric: "mrr", format: "num" },
  { label: "事实准确率", metric: "factAccuracy", format: "pct" },
  { label: "数字有据率", metric: "groundedShare", format: "pct" },
  { label: "引文含事实率", metric: "quoteHoldsFacts", format: "pct" },
  { label: "拒答正确率", metric: "refusalAccuracy", format: "pct" },
  { label: "误拒率", metric: "falseRefusalRate", format: "pct" },
  { label: "延迟p50(ms)", metric: "latencyP50Ms", format: "ms" },
  { label: "延迟p95(ms)", metric: "latencyP95Ms", format: "ms" },
];

function fmt(v: number | null, format: Format): string {
  if (v === null) return "—";
  if (format === "pct") return `${(v * 100).toFixed(1)}%`;
  if (format === "num") return v.toFixed(3);
  if (format === "ms") return v.toFixed(0);
  return String(v);
}

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

export function formatSummary(r: EvalResult): string {
  const cats = Object.keys(r.aggregate.byCategory);
  const columns: Array<[string, Metrics]> = [["全部", r.aggregate.overall], ...cats.map((c): [string, Metrics] => [c, r.aggregate.byCategory[c]])];
  const table = [["指标", ...columns.map(([name]) => name)], ...ROWS.map((row) => [row.label, ...columns.map(([, m]) => fmt(m[row.metric], row.format))])];
  const widths = table[0].map((_, i) => Math.max(...table.map((line) => displayWidth(line[i]))));
  const lines = table.map((line) => line.map((cell, i) => pad(cell, widths[i], i > 0)).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return [
    `评测集：${r.set}  回答器：${r.answerer}  向量：${r.embeddingId}  今日：${r.today}`,
    ...lines,
  ].join("\n");
}

function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function formatFailure(s: QuestionScore): string {
  const lines = [`✗ ${s.id} [${s.category}] ${s.question}`];
  if (s.expected.length) lines.push(`    期望：${s.expected.join("；")}`);
  lines.push(`    诊断：${s.diagnosis}`);
  lines.push(`    回答：${excerpt(s.answer)}`);
  return lines.join("\n");
}

export function formatFailures(r: EvalResult): string {
  const failed = r.questions.filter((q) => q.diagnosis !== null);
  if (!failed.length) return "全部问题通过。";
  return [`未通过 ${failed.length} 题：`, ...failed.map((s) => formatFailure(s))].join("\n");
}

export function formatViolations(violations: Violation[]): string {
  return [
    `未达门槛 ${violations.length} 项：`,
    ...violations.map((v) => `  ✗ ${v.metric}：${v.actual === null ? "无法计算" : v.actual.toFixed(3)}，门槛 ${v.flag} ${v.limit}`),
  ].join("\n");
}
