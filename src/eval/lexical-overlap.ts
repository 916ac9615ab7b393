/**
 * Lexical overlap between a question and its gold passage, pure. A set whose questions reuse the
 * passage's own words measures string matching more than understanding, so this figure tells
 * how far a set's wording departs from the documents: 1 = every content word of the question
 * is in the passage, 0 = none is.
 */
import { normalizeText } from "../text/normalize.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { createTokenizer, type Tokenizer } from "../text/tokenize.js";
import type { EvalQuestion } from "./question-set.js";

export interface LexicalOverlap {
  /** Share of `words` found verbatim in the normalized passage; 0 when there are no words. */
  overlap: number;
  /** The question's distinct content words, in first-seen order. */
  words: string[];
  /** Those of `words` the passage contains. */
  shared: string[];
}

/**
 * The question's content words are the lexical index's own tokens (function and question words
 * already dropped, parts of long compounds included), so the figure reflects what BM25 can match.
 * Distinct words only: repeating a word in the question does not make it more similar.
 */
export function lexicalOverlapDetail(
  question: string,
  passage: string,
  tokenize: Tokenizer = createTokenizer(),
): LexicalOverlap {
  const words = [...new Set(tokenize(question))];
  // The tokenizer normalizes its input, so the passage must be normalized the same way
  // ("五百万" in a question meets "500万" in the passage).
  const text = normalizeText(passage);
  const shared = words.filter((w) => text.includes(w));
  return { overlap: words.length === 0 ? 0 : shared.length / words.length, words, shared };
}

export function lexicalOverlap(question: string, passage: string, tokenize: Tokenizer = createTokenizer()): number {
  return lexicalOverlapDetail(question, passage, tokenize).overlap;
}

/** Mean overlap over question/passage pairs; undefined for no pairs (a mean of nothing is not 0). */
export function meanLexicalOverlap(
  pairs: ReadonlyArray<{ question: string; passage: string }>,
  tokenize: Tokenizer = createTokenizer(),
): number | undefined {
  if (pairs.length === 0) return undefined;
  return pairs.reduce((sum, p) => sum + lexicalOverlap(p.question, p.passage, tokenize), 0) / pairs.length;
}

/** The sentences of `text` that overlap `span`, as one slice of the text; the span itself when none does. */
export function sentencesAround(text: string, span: Span): string {
  const hit = splitSentences(text).filter((s) => s.start < span.end && s.end > span.start);
  if (!hit.length) return text.slice(span.start, span.end);
  return text.slice(hit[0].start, hit.at(-1)!.end);
}

/**
 * The passage a question's overlap is measured against; undefined when it has none (unanswerable,
 * no gold quote, or a span whose document text is not known).
 * - Question sets: `gold.quote`, the short exact passage the author chose as holding the answer.
 * - Span questions (tag `span`, the benchmarks): the gold quote is the answer span itself, often a
 *   bare name or date that no question repeats, so the span's sentence(s) in the document count
 *   instead (`quoteSpan`: where the first gold span lies in `docText`).
 */
export function goldPassage(
  q: EvalQuestion,
  docText: string | undefined,
  quoteSpan: Span | undefined,
): string | undefined {
  if (!q.answerable || !q.gold?.quote) return undefined;
  if (!q.tags?.includes("span")) return q.gold.quote;
  if (docText === undefined || quoteSpan === undefined) return undefined;
  return sentencesAround(docText, quoteSpan);
}

/** The question's overlap with its gold passage (see goldPassage), or null when there is none. */
export function questionOverlap(
  q: EvalQuestion,
  docText: string | undefined,
  quoteSpan: Span | undefined,
  tokenize: Tokenizer = createTokenizer(),
): number | null {
  const passage = goldPassage(q, docText, quoteSpan);
  return passage === undefined ? null : lexicalOverlap(q.question, passage, tokenize);
}
