/**
 * Span metrics of an answer against gold answer spans, pure. Used for span-answer sets (the public
 * benchmarks, whose gold is an exact span of a document) and reported for any question with a
 * gold quote.
 *
 * What is scored ("scored text"): the answer's quoted evidence, not its boilerplate. Each answer
 * line is taken, lines that are status notes ("注意：…") are dropped, a leading source prefix
 * `据《标题》（日期）“章节”部分：` is removed, and citation markers `[n]` are removed; the remaining
 * lines are joined without separator. For the extractive answerer this is exactly the text of its
 * quotes; for an LLM answer without the prefix it is the answer text minus markers and notes.
 *
 * Normalization for F1, ROUGE-L and containment: normalizeText (NFKC width folding, Chinese
 * numerals → digits, 文号 brackets, lower case), then every whitespace, punctuation and symbol
 * character removed. Both are computed per character (the usual choice for Chinese, as in the
 * CMRC 2018 evaluation script) and the best value over the accepted gold spans is kept.
 */
import type { Answer } from "../core/types.js";
import { splitSentences } from "../text/sentences.js";
import { normalizeText } from "../text/normalize.js";

const SOURCE_PREFIX = /^据《.*?》(?:（[^）]*）)?(?:“[^”]*”部分)?：/;
const MARKER = /\[\d+\]/g;

/** The answer's scored text (see the module comment); "" for a refusal. */
export function scoredAnswerText(answer: Pick<Answer, "answer" | "refused">): string {
  if (answer.refused) return "";
  return answer.answer
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("注意："))
    .map((l) => l.replace(SOURCE_PREFIX, "").replace(MARKER, "").trim())
    .join("");
}

/** normalizeText, then no whitespace, punctuation or symbols. */
export function normalizeSpan(text: string): string {
  return normalizeText(text).replace(/[\s\p{P}\p{S}]/gu, "");
}

/** Character-level F1 (multiset overlap) of normalized texts; 0 when either is empty. */
export function charF1(prediction: string, gold: string): number {
  const p = [...normalizeSpan(prediction)];
  const g = [...normalizeSpan(gold)];
  if (!p.length || !g.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of g) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let common = 0;
  for (const ch of p) {
    const n = counts.get(ch) ?? 0;
    if (n > 0) {
      common++;
      counts.set(ch, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Length of the longest common subsequence of two character arrays. */
export function lcsLength(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Longest prediction considered by ROUGE-L, to bound the quadratic LCS on runaway answers. */
const ROUGE_MAX_CHARS = 4000;

/** ROUGE-L F1 (β = 1) on normalized characters: LCS / length for precision and recall. */
export function rougeL(prediction: string, gold: string): number {
  const p = [...normalizeSpan(prediction)].slice(0, ROUGE_MAX_CHARS);
  const g = [...normalizeSpan(gold)];
  const lcs = lcsLength(p, g);
  if (lcs === 0) return 0;
  const precision = lcs / p.length;
  const recall = lcs / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Whether the normalized gold span occurs inside the normalized prediction. */
export function spanContained(prediction: string, gold: string): boolean {
  const g = normalizeSpan(gold);
  return g.length > 0 && normalizeSpan(prediction).includes(g);
}

/** Number of sentences of the scored text (splitSentences: 。！？； and line breaks). */
export function sentenceCount(text: string): number {
  return splitSentences(text).length;
}

export interface SpanScore {
  /** Best over the gold spans. */
  f1: number;
  rougeL: number;
  /** Some gold span, normalized, lies inside the scored text. */
  contained: boolean;
  /** Some citation of the gold document covers a gold span's offsets. */
  cited: boolean;
  /** Sentences of the scored text; null for a refusal. */
  sentences: number | null;
}

export interface GoldSpan {
  docId: string;
  quote: string;
  /** Offsets in the gold document, when known. */
  start?: number;
  end?: number;
}

/** Target answer length of the issue: no more than three sentences. */
export const MAX_ANSWER_SENTENCES = 3;

export function scoreSpan(answer: Pick<Answer, "answer" | "refused" | "citations">, gold: GoldSpan[]): SpanScore {
  const text = scoredAnswerText(answer);
  const max = (f: (g: GoldSpan) => number) => Math.max(0, ...gold.map(f));
  return {
    f1: max((g) => charF1(text, g.quote)),
    rougeL: max((g) => rougeL(text, g.quote)),
    contained: gold.some((g) => spanContained(text, g.quote)),
    cited:
      !answer.refused &&
      gold.some(
        (g) =>
          g.start !== undefined &&
          g.end !== undefined &&
          answer.citations.some((c) => c.docId === g.docId && c.start <= g.start! && g.end! <= c.end),
      ),
    sentences: answer.refused ? null : sentenceCount(text),
  };
}
