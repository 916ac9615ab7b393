/**
 * The grounding check: every number, amount, percentage and date stated in an answer must
 * appear in the evidence it cites. Both sides are normalized (width, Chinese numerals) so
 * "五百万元" in an answer is checked against "500万元" in a passage.
 */
import { normalizeText } from "../text/normalize.js";

/**
 * Citation markers such as [1] or [1][2] are references, not facts. At most three digits, as in
 * citation-parse.ts: "深工信规[2019]3号" is a 文号 whose year must be grounded like any figure.
 */
const CITATION_MARKER = /\[\d{1,3}\]/g;
const DATE = /\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}-\d{1,2}-\d{1,2}/g;
const NUMBER = /\d+(?:\.\d+)?(?:%|‰|万亿|亿|万)?/g;

/** Numeric facts of a text, normalized: dates first (whole), then remaining numbers. */
export function extractNumericFacts(text: string): string[] {
  let t = normalizeText(text.replace(CITATION_MARKER, " "));
  const facts: string[] = [];
  t = t.replace(DATE, (d) => {
    facts.push(canonicalDate(d));
    return " ";
  });
  for (const m of t.matchAll(NUMBER)) facts.push(m[0]);
  return [...new Set(facts)];
}

function canonicalDate(d: string): string {
  const m = /^(\d{4})(?:年|-)(\d{1,2})(?:月|-)?(\d{1,2})?/.exec(d);
  if (!m) return d;
  return m[3] ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

/** Normalized evidence text with dates in one canonical form, ready for fact lookup. */
export function normalizeEvidence(text: string): string {
  return normalizeText(text).replace(DATE, (d) => canonicalDate(d));
}

/**
 * True when `fact` occurs in `evidence` as a whole figure: "3" is not in "30%", "30%" not in
 * "130%", and a bare "500" is not in "500万" nor "500万" in "500万亿" (NUMBER reads the unit as
 * part of the figure, so a figure without it is another amount).
 */
export function containsFact(evidence: string, fact: string): boolean {
  const escaped = fact.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Only a fact's digits need whole-number boundaries; one starting or ending otherwise does not.
  const lead = /^\d/.test(fact) ? "(?<![\\d.])" : "";
  const tail = /\d$/.test(fact) ? "(?![\\d%‰万亿]|\\.\\d)" : fact.endsWith("万") ? "(?!亿)" : "";
  return new RegExp(`${lead}${escaped}${tail}`).test(evidence);
}

export interface GroundingResult {
  ok: boolean;
  /** Facts of the answer found in no evidence text. */
  ungrounded: string[];
}

/** Check the facts of `answerText` against the texts it cites (quotes, passages, document dates). */
export function checkGrounding(answerText: string, evidenceTexts: string[]): GroundingResult {
  const evidence = evidenceTexts.map(normalizeEvidence);
  const ungrounded = extractNumericFacts(answerText).filter((fact) => !evidence.some((e) => containsFact(e, fact)));
  return { ok: ungrounded.length === 0, ungrounded };
}
