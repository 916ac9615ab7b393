/** Console rendering of an eval run: summary table, failures, threshold violations. Pure strings. */
import type { EvalResult } from "./runner.js";
import type { Metrics, QuestionScore } from "./scoring.js";
import type { Violation } from "./thresholds.js";

type Format = "pct" | "num" | "ms" | "count";

/** Metrics holding a number (or null); the per-mode table is rendered separately. */
export type NumericMetric = Exclude<keyof Metrics, "modes">;

export const ROWS: Array<{ label: string; metric: NumericMetric; format: Format }> = [
  { label: "问题数", metric: "questions", format: "count" },
  { label: "命中@1", metric: "hit1", format: "pct" },
  { label: "命中@5", metric: "hit5", format: "pct" },
  { label: "MRR@10", metric: "mrr", format: "num" },
  { label: "事实准确率", metric: "factAccuracy", format: "pct" },
  { label: "数字有据率", metric: "groundedShare", format: "pct" },
  { label: "引文含事实率", metric: "quoteHoldsFacts", format: "pct" },
  { label: "引文精确率", metric: "citationPrecision", format: "pct" },
  { label: "拒答正确率", metric: "refusalAccuracy", format: "pct" },
  { label: "误拒率", metric: "falseRefusalRate", format: "pct" },
  { label: "拒答精确率", metric: "refusalPrecision", format: "pct" },
  { label: "拒答召回率", metric: "refusalRecall", format: "pct" },
  { label: "片段字F1", metric: "spanF1", format: "num" },
  { label: "ROUGE-L", metric: "rougeL", format: "num" },
  { label: "答案含金标片段", metric: "spanContained", format: "pct" },
  { label: "引文覆盖金标位置", metric: "spanCited", format: "pct" },
  { label: "答案≤3句", metric: "shortAnswers", format: "pct" },
  { label: "平均句数", metric: "meanSentences", format: "num" },
  { label: "整条法条在答案中", metric: "wholeArticle", format: "pct" },
  { label: "首条引文·法律正确", metric: "firstCitationLaw", format: "pct" },
  { label: "首条引文·法律与版本正确", metric: "firstCitationVersion", format: "pct" },
  { label: "问题与金标原文词语重合率", metric: "meanLexicalOverlap", format: "pct" },
  { label: "延迟p50(ms)", metric: "latencyP50Ms", format: "ms" },
  { label: "延迟p95(ms)", metric: "latencyP95Ms", format: "ms" },
  { label: "token合计", metric: "tokensTotal", format: "count" },
  { label: "回答出错", metric: "errors", format: "count" },
  { label: "评审·忠实(1-5)", metric: "judgeFaithfulness", format: "num" },
  { label: "评审·相关(1-5)", metric: "judgeRelevance", format: "num" },
];

/** Rows shown: the core ones always, the optional ones when some column has a value. */
function visibleRows(columns: Metrics[]) {
  const always = new Set<NumericMetric>([
    "questions",
    "hit1",
    "hit5",
    "mrr",
    "factAccuracy",
    "latencyP50Ms",
    "latencyP95Ms",
  ]);
  const shown = (v: unknown, metric: NumericMetric) =>
    v !== undefined && v !== null && !(metric === "errors" && v === 0);
  return ROWS.filter((r) => always.has(r.metric) || columns.some((m) => shown(m[r.metric], r.metric)));
}

export function fmt(v: number | null | undefined, format: Format): string {
  if (v === null || v === undefined) return "—";
  if (format === "pct") return `${(v * 100).toFixed(1)}%`;
  if (format === "num") return v.toFixed(3);
  if (format === "ms") return v.toFixed(0);
  return String(v);
}

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

function pad(s: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

export function formatSummary(r: EvalResult): string {
  const cats = Object.keys(r.aggregate.byCategory);
  const columns: Array<[string, Metrics]> = [
    ["全部", r.aggregate.overall],
    ...cats.map((c): [string, Metrics] => [c, r.aggregate.byCategory[c]]),
  ];
  const rows = visibleRows(columns.map(([, m]) => m));
  const table = [
    ["指标", ...columns.map(([name]) => name)],
    ...rows.map((row) => [
      row.label,
      ...columns.map(([, m]) => fmt(m[row.metric] as number | null | undefined, row.format)),
    ]),
  ];
  const out = [
    `评测集：${r.set}  回答器：${r.answerer}  向量：${r.embeddingId}  今日：${r.today}${r.target && r.target !== "in-process" ? `  服务：${r.target}` : ""}`,
    "（命中@1/@5、MRR@10：混合检索、段落级；按模式与文档级的对比见下表）",
    formatTable(table),
  ];
  const modes = formatModes(r.aggregate.overall);
  if (modes) out.push("", modes);
  return out.join("\n");
}

function formatTable(table: string[][]): string {
  const widths = table[0].map((_, i) => Math.max(...table.map((line) => displayWidth(line[i]))));
  const lines = table.map((line) => line.map((cell, i) => pad(cell, widths[i], i > 0)).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines.join("\n");
}

export const LEVELS = [
  { key: "document", label: "文档级（严格：金标文档）" },
  { key: "answerBearing", label: "文档级（含答案文档：金标文档或原文含答案片段）" },
  { key: "passage", label: "段落级（含/重叠金标片段）" },
] as const;

/** Retrieval per mode and level: hit@1, hit@5, MRR@10. */
export function formatModes(m: Metrics): string | undefined {
  const modes = Object.keys(m.modes ?? {});
  if (!modes.length) return undefined;
  const table = [["检索模式 / 层级", "命中@1", "命中@5", "MRR@10", "检索p50/p95(ms)"]];
  for (const mode of modes) {
    const mm = m.modes![mode];
    LEVELS.forEach((level, i) => {
      const r = mm[level.key];
      const ms = i === 0 && mm.searchP50Ms != null ? `${fmt(mm.searchP50Ms, "ms")}/${fmt(mm.searchP95Ms, "ms")}` : "";
      table.push([`${mode} · ${level.label}`, fmt(r.hit1, "pct"), fmt(r.hit5, "pct"), fmt(r.mrr, "num"), ms]);
    });
  }
  return formatTable(table);
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
    ...violations.map(
      (v) => `  ✗ ${v.metric}：${v.actual === null ? "无法计算" : v.actual.toFixed(3)}，门槛 ${v.flag} ${v.limit}`,
    ),
  ].join("\n");
}
