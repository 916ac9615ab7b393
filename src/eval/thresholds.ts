/** CI gates on aggregate metrics, pure: which thresholds a run falls short of. */
import type { Metrics } from "./scoring.js";

export interface Thresholds {
  minFactAccuracy?: number;
  minHit1?: number;
  minHit5?: number;
  minMrr?: number;
  minGrounded?: number;
  minRefusalAccuracy?: number;
  maxFalseRefusal?: number;
}

interface Gate {
  key: keyof Thresholds;
  flag: string;
  metric: keyof Metrics;
  kind: "min" | "max";
}

export const GATES: Gate[] = [
  { key: "minFactAccuracy", flag: "--min-fact-accuracy", metric: "factAccuracy", kind: "min" },
  { key: "minHit1", flag: "--min-hit1", metric: "hit1", kind: "min" },
  { key: "minHit5", flag: "--min-hit5", metric: "hit5", kind: "min" },
  { key: "minMrr", flag: "--min-mrr", metric: "mrr", kind: "min" },
  { key: "minGrounded", flag: "--min-grounded", metric: "groundedShare", kind: "min" },
  { key: "minRefusalAccuracy", flag: "--min-refusal-accuracy", metric: "refusalAccuracy", kind: "min" },
  { key: "maxFalseRefusal", flag: "--max-false-refusal", metric: "falseRefusalRate", kind: "max" },
];

export interface Violation {
  flag: string;
  metric: keyof Metrics;
  /** null when the set has no question the metric could be computed over. */
  actual: number | null;
  limit: number;
}

/** Thresholds not met. A metric that cannot be computed fails its gate rather than passing silently. */
export function checkThresholds(m: Metrics, t: Thresholds): Violation[] {
  const out: Violation[] = [];
  for (const g of GATES) {
    const limit = t[g.key];
    if (limit === undefined) continue;
    const actual = m[g.metric] as number | null;
    const ok = actual !== null && (g.kind === "min" ? actual >= limit : actual <= limit);
    if (!ok) out.push({ flag: g.flag, metric: g.metric, actual, limit });
  }
  return out;
}
