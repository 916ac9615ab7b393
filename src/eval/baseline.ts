/**
 * Comparison of two eval runs, pure: the change of each aggregate metric, and every question
 * that got better or worse on any of its per-question indicators.
 */
import type { EvalResult } from "./runner.js";
import type { Metrics, QuestionScore } from "./scoring.js";

export interface MetricDelta {
  /** Dotted path, e.g. "factAccuracy" or "modes.hybrid.document.hit1". */
  metric: string;
  before: number | null;
  after: number | null;
  /** after − before; null when either is missing. */
  delta: number | null;
}

export interface IndicatorChange {
  indicator: string;
  before: string;
  after: string;
  better: boolean;
}

export interface QuestionChange {
  id: string;
  question: string;
  direction: "better" | "worse" | "mixed";
  changes: IndicatorChange[];
  diagnosisAfter: string | null;
}

export interface Comparison {
  baseline: { set: string; startedAt: string };
  current: { set: string; startedAt: string };
  metrics: MetricDelta[];
  worse: QuestionChange[];
  better: QuestionChange[];
  mixed: QuestionChange[];
  /** Questions in only one of the runs. */
  onlyInBaseline: string[];
  onlyInCurrent: string[];
}

/** Lower is better for these; higher for every other metric. */
const LOWER_IS_BETTER = new Set([
  "falseRefusalRate",
  "latencyP50Ms",
  "latencyP95Ms",
  "searchP50Ms",
  "searchP95Ms",
  "meanSentences",
  "tokensTotal",
  "tokensPerQuestion",
]);

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric.split(".").at(-1)!);
}

/** Numeric leaves of a Metrics object as dotted paths. */
export function flattenMetrics(m: Metrics | Record<string, unknown>, prefix = ""): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "number" || v === null) out.set(key, v);
    else if (typeof v === "object" && v !== undefined)
      for (const [kk, vv] of flattenMetrics(v as Record<string, unknown>, key)) out.set(kk, vv);
  }
  return out;
}

type Indicator = {
  name: string;
  value: (s: QuestionScore) => number | null;
  show: (v: number) => string;
  lowerBetter?: boolean;
  /** Smallest difference that counts as a change (so rewording a long answer is not a regression). */
  minChange?: number;
};

/** Span F1 must move by at least this much for a question to count as better or worse on it. */
export const F1_MIN_CHANGE = 0.1;

const rankShow = (v: number) => (v === Infinity ? "miss" : String(v));
const rankOf = (r: number | null | undefined) => (r === undefined ? null : r === null ? Infinity : r);
const bool = (b: boolean | null | undefined) => (b === null || b === undefined ? null : b ? 1 : 0);
const yesNo = (v: number) => (v ? "yes" : "no");

/** Per-question indicators compared between runs. */
export const INDICATORS: Indicator[] = [
  { name: "passed", value: (s) => bool(s.diagnosis === null), show: yesNo },
  { name: "facts", value: (s) => bool(s.factsOk), show: yesNo },
  {
    name: "refused",
    value: (s) => (s.answerable ? bool(s.refused) : bool(!s.refused)),
    show: yesNo,
    lowerBetter: true,
  },
  { name: "passage rank", value: (s) => rankOf(s.retrieval?.rank), show: rankShow, lowerBetter: true },
  {
    name: "doc rank (hybrid)",
    value: (s) => rankOf(s.modes?.hybrid?.document.rank),
    show: rankShow,
    lowerBetter: true,
  },
  {
    name: "answer-doc rank (hybrid)",
    value: (s) => rankOf(s.modes?.hybrid?.answerBearing.rank),
    show: rankShow,
    lowerBetter: true,
  },
  { name: "span contained", value: (s) => bool(s.span?.contained), show: yesNo },
  {
    name: "span F1",
    value: (s) => (s.span ? Math.round(s.span.f1 * 100) / 100 : null),
    show: (v) => v.toFixed(2),
    minChange: F1_MIN_CHANGE,
  },
  { name: "grounded", value: (s) => bool(s.grounded), show: yesNo },
  { name: "whole article", value: (s) => bool(s.law?.wholeArticle), show: yesNo },
  { name: "first citation law", value: (s) => bool(s.law?.rightLaw), show: yesNo },
  { name: "first citation version", value: (s) => bool(s.law?.rightVersion), show: yesNo },
];

/** Indicator changes of one question; equal or missing values are no change. */
export function questionChanges(before: QuestionScore, after: QuestionScore): IndicatorChange[] {
  const out: IndicatorChange[] = [];
  for (const ind of INDICATORS) {
    const a = ind.value(before);
    const b = ind.value(after);
    if (a === null || b === null || a === b) continue;
    if (ind.minChange !== undefined && Math.abs(b - a) < ind.minChange - 1e-9) continue;
    out.push({ indicator: ind.name, before: ind.show(a), after: ind.show(b), better: ind.lowerBetter ? b < a : b > a });
  }
  return out;
}

export function compareRuns(baseline: EvalResult, current: EvalResult): Comparison {
  const before = flattenMetrics(baseline.aggregate.overall);
  const after = flattenMetrics(current.aggregate.overall);
  const metrics: MetricDelta[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key) ?? null;
    const a = after.get(key) ?? null;
    metrics.push({ metric: key, before: b, after: a, delta: a === null || b === null ? null : a - b });
  }
  const old = new Map(baseline.questions.map((q) => [q.id, q]));
  const now = new Map(current.questions.map((q) => [q.id, q]));
  const worse: QuestionChange[] = [];
  const better: QuestionChange[] = [];
  const mixed: QuestionChange[] = [];
  for (const q of current.questions) {
    const o = old.get(q.id);
    if (!o) continue;
    const changes = questionChanges(o, q);
    if (!changes.length) continue;
    const up = changes.some((c) => c.better);
    const down = changes.some((c) => !c.better);
    const change: QuestionChange = {
      id: q.id,
      question: q.question,
      direction: up && down ? "mixed" : up ? "better" : "worse",
      changes,
      diagnosisAfter: q.diagnosis,
    };
    (change.direction === "better" ? better : change.direction === "worse" ? worse : mixed).push(change);
  }
  return {
    baseline: { set: baseline.set, startedAt: baseline.startedAt },
    current: { set: current.set, startedAt: current.startedAt },
    metrics,
    worse,
    better,
    mixed,
    onlyInBaseline: baseline.questions.filter((q) => !now.has(q.id)).map((q) => q.id),
    onlyInCurrent: current.questions.filter((q) => !old.has(q.id)).map((q) => q.id),
  };
}

function fmtValue(metric: string, v: number | null): string {
  if (v === null) return "—";
  if (/Ms$|tokens|questions|answerable|unanswerable|judged/i.test(metric)) return v.toFixed(0);
  if (/meanSentences|judge/i.test(metric)) return v.toFixed(2);
  return `${(v * 100).toFixed(1)}%`;
}

export function formatDelta(d: MetricDelta): string {
  if (d.delta === null) return "—";
  const unit = /Ms$|tokens|questions|answerable|unanswerable|judged|meanSentences|judge/i.test(d.metric);
  const sign = d.delta > 0 ? "+" : "";
  return unit ? `${sign}${d.delta.toFixed(/Ms$/.test(d.metric) ? 0 : 2)}` : `${sign}${(d.delta * 100).toFixed(1)} pt`;
}

export function formatMetricValue(metric: string, v: number | null): string {
  return fmtValue(metric, v);
}

/** Console rendering: changed metrics, then questions worse and better. */
export function formatComparison(c: Comparison, maxQuestions = 50): string {
  const lines = [
    `与基线比较：${c.baseline.set}（${c.baseline.startedAt}）→ ${c.current.set}（${c.current.startedAt}）`,
  ];
  const changed = c.metrics.filter((m) => m.delta !== null && Math.abs(m.delta) > 1e-9);
  lines.push(changed.length ? "指标变化：" : "指标无变化。");
  for (const m of changed) {
    const good = lowerIsBetter(m.metric) ? m.delta! < 0 : m.delta! > 0;
    lines.push(
      `  ${good ? "▲" : "▼"} ${m.metric}: ${fmtValue(m.metric, m.before)} → ${fmtValue(m.metric, m.after)} (${formatDelta(m)})`,
    );
  }
  const list = (title: string, qs: QuestionChange[]) => {
    lines.push(`${title} ${qs.length} 题${qs.length ? "：" : "。"}`);
    for (const q of qs.slice(0, maxQuestions))
      lines.push(
        `  ${q.id} ${q.question}\n    ${q.changes.map((x) => `${x.indicator} ${x.before}→${x.after}`).join("；")}`,
      );
    if (qs.length > maxQuestions) lines.push(`  …另有 ${qs.length - maxQuestions} 题（完整列表见 JSON/HTML）`);
  };
  list("变差", c.worse);
  list("变好", c.better);
  list("有升有降", c.mixed);
  if (c.onlyInBaseline.length || c.onlyInCurrent.length)
    lines.push(`仅在基线中：${c.onlyInBaseline.length} 题；仅在本次中：${c.onlyInCurrent.length} 题`);
  return lines.join("\n");
}
