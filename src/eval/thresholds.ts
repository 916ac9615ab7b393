/** CI gates on aggregate metrics, pure: which thresholds a run falls short of. */
import { AppError } from "../core/errors.js";
import type { Metrics, RankMetrics } from "./scoring.js";

export interface Thresholds {
  minFactAccuracy?: number;
  /** Hybrid, passage level (the original gates). */
  minHit1?: number;
  minHit5?: number;
  minMrr?: number;
  minGrounded?: number;
  minRefusalAccuracy?: number;
  maxFalseRefusal?: number;
  /** Hybrid, document level (strict: the gold document). */
  minDocHit1?: number;
  minDocHit5?: number;
  minDocMrr?: number;
  /** Hybrid, answer-bearing document level. */
  minAnswerDocHit1?: number;
  minAnswerDocHit5?: number;
  /** Span sets. */
  minSpanContained?: number;
  minSpanF1?: number;
  minRougeL?: number;
  minShortAnswers?: number;
  /**
   * A property of the question set rather than of the system: the mean lexical overlap of the
   * questions with their gold passages must stay at most this (a paraphrase set that drifts back
   * to the documents' own words stops measuring understanding).
   */
  maxMeanOverlap?: number;
  /** Law questions (see law-metrics.ts). */
  minWholeArticle?: number;
  minFirstCitationLaw?: number;
  minFirstCitationVersion?: number;
  /** Ask latency, 95th percentile, in milliseconds (not a share). */
  maxAskP95Ms?: number;
}

interface Gate {
  key: keyof Thresholds;
  flag: string;
  /** Name shown in messages. */
  metric: string;
  kind: "min" | "max";
  /** What the limit is: a share from 0 to 1 (default) or a number of milliseconds. */
  unit?: "share" | "ms";
  get: (m: Metrics) => number | null;
}

const hybrid = (level: "passage" | "document" | "answerBearing", k: keyof RankMetrics) => (m: Metrics) =>
  m.modes?.hybrid?.[level][k] ?? null;

export const GATES: Gate[] = [
  {
    key: "minFactAccuracy",
    flag: "--min-fact-accuracy",
    metric: "factAccuracy",
    kind: "min",
    get: (m) => m.factAccuracy,
  },
  { key: "minHit1", flag: "--min-hit1", metric: "hit1", kind: "min", get: (m) => m.hit1 },
  { key: "minHit5", flag: "--min-hit5", metric: "hit5", kind: "min", get: (m) => m.hit5 },
  { key: "minMrr", flag: "--min-mrr", metric: "mrr", kind: "min", get: (m) => m.mrr },
  { key: "minGrounded", flag: "--min-grounded", metric: "groundedShare", kind: "min", get: (m) => m.groundedShare },
  {
    key: "minRefusalAccuracy",
    flag: "--min-refusal-accuracy",
    metric: "refusalAccuracy",
    kind: "min",
    get: (m) => m.refusalAccuracy,
  },
  {
    key: "maxFalseRefusal",
    flag: "--max-false-refusal",
    metric: "falseRefusalRate",
    kind: "max",
    get: (m) => m.falseRefusalRate,
  },
  {
    key: "minDocHit1",
    flag: "--min-doc-hit1",
    metric: "hybrid.document.hit1",
    kind: "min",
    get: hybrid("document", "hit1"),
  },
  {
    key: "minDocHit5",
    flag: "--min-doc-hit5",
    metric: "hybrid.document.hit5",
    kind: "min",
    get: hybrid("document", "hit5"),
  },
  {
    key: "minDocMrr",
    flag: "--min-doc-mrr",
    metric: "hybrid.document.mrr",
    kind: "min",
    get: hybrid("document", "mrr"),
  },
  {
    key: "minAnswerDocHit1",
    flag: "--min-answer-doc-hit1",
    metric: "hybrid.answerBearing.hit1",
    kind: "min",
    get: hybrid("answerBearing", "hit1"),
  },
  {
    key: "minAnswerDocHit5",
    flag: "--min-answer-doc-hit5",
    metric: "hybrid.answerBearing.hit5",
    kind: "min",
    get: hybrid("answerBearing", "hit5"),
  },
  {
    key: "minSpanContained",
    flag: "--min-span-contained",
    metric: "spanContained",
    kind: "min",
    get: (m) => m.spanContained ?? null,
  },
  { key: "minSpanF1", flag: "--min-span-f1", metric: "spanF1", kind: "min", get: (m) => m.spanF1 ?? null },
  { key: "minRougeL", flag: "--min-rouge-l", metric: "rougeL", kind: "min", get: (m) => m.rougeL ?? null },
  {
    key: "minShortAnswers",
    flag: "--min-short-answers",
    metric: "shortAnswers",
    kind: "min",
    get: (m) => m.shortAnswers ?? null,
  },
  {
    key: "maxMeanOverlap",
    flag: "--max-mean-overlap",
    metric: "meanLexicalOverlap",
    kind: "max",
    get: (m) => m.meanLexicalOverlap ?? null,
  },
  {
    key: "minWholeArticle",
    flag: "--min-whole-article",
    metric: "wholeArticle",
    kind: "min",
    get: (m) => m.wholeArticle ?? null,
  },
  {
    key: "minFirstCitationLaw",
    flag: "--min-first-citation-law",
    metric: "firstCitationLaw",
    kind: "min",
    get: (m) => m.firstCitationLaw ?? null,
  },
  {
    key: "minFirstCitationVersion",
    flag: "--min-first-citation-version",
    metric: "firstCitationVersion",
    kind: "min",
    get: (m) => m.firstCitationVersion ?? null,
  },
  {
    key: "maxAskP95Ms",
    flag: "--max-ask-p95-ms",
    metric: "latencyP95Ms",
    kind: "max",
    unit: "ms",
    get: (m) => m.latencyP95Ms,
  },
];

/** Whether a limit is in its gate's range: 0..1 for a share, a positive number of ms. */
export function limitInRange(g: Pick<Gate, "unit">, v: unknown): v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) return false;
  return g.unit === "ms" ? v > 0 : v >= 0 && v <= 1;
}

/** How a gate's range reads in an error message. */
export function rangeText(g: Pick<Gate, "unit">): string {
  return g.unit === "ms" ? "a positive number of milliseconds" : "a number from 0 to 1";
}

export interface Violation {
  flag: string;
  metric: string;
  /** null when the set has no question the metric could be computed over. */
  actual: number | null;
  limit: number;
}

/** A thresholds file that does not validate. */
export class ThresholdsError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("THRESHOLDS_INVALID", message, options);
  }
}

/**
 * Thresholds from a JSON config file's content: an object with the Thresholds keys (camelCase, as
 * above) and values in 0..1 (milliseconds for maxAskP95Ms); a "$comment" key is allowed. Unknown
 * keys are an error.
 */
export function parseThresholds(json: unknown, source = "thresholds"): Thresholds {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new ThresholdsError(`${source}: expected a JSON object`);
  const out: Thresholds = {};
  const gates = new Map(GATES.map((g) => [g.key as string, g]));
  for (const [k, v] of Object.entries(json)) {
    if (k.startsWith("$")) continue;
    const gate = gates.get(k);
    if (!gate)
      throw new ThresholdsError(`${source}: unknown threshold "${k}" (known: ${[...gates.keys()].join(", ")})`);
    if (!limitInRange(gate, v)) throw new ThresholdsError(`${source}: ${k} must be ${rangeText(gate)}`);
    out[k as keyof Thresholds] = v;
  }
  return out;
}

/** Thresholds not met. A metric that cannot be computed fails its gate rather than passing silently. */
export function checkThresholds(m: Metrics, t: Thresholds): Violation[] {
  const out: Violation[] = [];
  for (const g of GATES) {
    const limit = t[g.key];
    if (limit === undefined) continue;
    const actual = g.get(m);
    const ok = actual !== null && (g.kind === "min" ? actual >= limit : actual <= limit);
    if (!ok) out.push({ flag: g.flag, metric: g.metric, actual, limit });
  }
  return out;
}
