/**
 * Scoring of one question and aggregation over a set, pure: the runner hands in what the
 * knowledge base returned, and gets back plain data for the report and the JSON file.
 */
import { citationEvidence } from "../answer/citations.js";
import { checkGrounding } from "../answer/grounding.js";
import type { Answer, Chunk, Citation } from "../core/types.js";
import type { Span } from "../text/sentences.js";
import { diagnoseLaw, scoreLaw, type LawScore } from "./law-metrics.js";
import { factLabel, firstRelevantRank, missingFacts } from "./match.js";
import type { EvalQuestion } from "./question-set.js";
import { RANK_DEPTH, type ModeRetrieval } from "./retrieval-metrics.js";
import { MAX_ANSWER_SENTENCES, scoreSpan, type GoldSpan, type SpanScore } from "./span-metrics.js";

export { RANK_DEPTH };

export interface RetrievalScore {
  /** 1-based rank of the first right passage within RANK_DEPTH, or null. */
  rank: number | null;
  hit1: boolean;
  hit5: boolean;
  reciprocalRank: number;
}

/** What happened with refusing: right/wrong refusal of an unanswerable, or a false refusal. */
export type RefusalOutcome = "answered" | "false-refusal" | "refused-correctly" | "missed-refusal";

export interface QuestionScore {
  id: string;
  question: string;
  category: EvalQuestion["category"];
  answerable: boolean;
  tags: string[];
  /** Required facts, alternatives joined with " / ". */
  expected: string[];
  /** Answerable questions only. */
  retrieval: RetrievalScore | null;
  refused: boolean;
  refusal: RefusalOutcome;
  /** Answerable questions only: required facts absent from the answer text. */
  missingFacts: string[] | null;
  factsOk: boolean | null;
  /** Answered (not refused) questions only: numeric facts of the answer no cited evidence holds. */
  ungrounded: string[] | null;
  grounded: boolean | null;
  /** Answerable and answered only: required facts absent from the cited evidence. */
  factsNotInQuotes: string[] | null;
  quoteHoldsFacts: boolean | null;
  latencyMs: number;
  answer: string;
  citations: Pick<Citation, "n" | "docId" | "section" | "quote">[];
  /** One-line reason when the question failed, else null. */
  diagnosis: string | null;
  /** Retrieval per compared mode (answerable questions with gold); absent in older results. */
  modes?: Record<string, ModeRetrieval>;
  /** Span metrics, for questions with a gold quote; absent in older results. */
  span?: SpanScore | null;
  /**
   * Answerable questions whose gold passage is known: share of the question's content words found
   * verbatim in it (src/eval/lexical-overlap.ts); absent in older results.
   */
  lexicalOverlap?: number | null;
  /** Answerable and answered: share of cited citations whose evidence states a required fact. */
  citationPrecision?: number | null;
  /** The answerer failed (e.g. LLM timeout); the question is scored as a refusal. */
  error?: string;
  /** Tokens the chat model used for this answer, when known. */
  tokens?: number | null;
  /** Optional LLM judge, 1–5, reported apart from the rule-based figures. */
  judge?: JudgeScore | null;
  /** Law questions (tag `law`): whole article, first citation's law and version; see law-metrics.ts. */
  law?: LawScore | null;
  /** Gold document, for law diagnoses; absent in older results. */
  goldDocId?: string;
}

export interface JudgeScore {
  faithfulness: number;
  relevance: number;
  comment?: string;
}

export interface QuestionRun {
  /** Chunks of the retrieved passages, best first. */
  retrieved: Chunk[];
  answer: Answer;
  latencyMs: number;
  /** Span of gold.quote in the gold document, when the question has a quote. */
  quoteSpan?: Span;
  /** Retrieval per compared mode. */
  modes?: Record<string, ModeRetrieval>;
  /** Gold spans (gold.quote and its alternatives) for span metrics. */
  goldSpans?: GoldSpan[];
  tokens?: number | null;
  /** The question's lexical overlap with its gold passage, when it has one. */
  lexicalOverlap?: number | null;
}

export function scoreRetrieval(q: EvalQuestion, retrieved: Chunk[], quoteSpan?: Span): RetrievalScore | null {
  if (!q.answerable || !q.gold) return null;
  const rank = firstRelevantRank(retrieved, q.gold, quoteSpan, RANK_DEPTH);
  return { rank, hit1: rank === 1, hit5: rank !== null && rank <= 5, reciprocalRank: rank === null ? 0 : 1 / rank };
}

/**
 * Citations an answer relies on: those its text marks as [n], or all of them when the text
 * carries no markers (an answerer may cite by listing sources only).
 */
export function citedCitations(answer: Answer): Citation[] {
  const marked = new Set([...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  const cited = answer.citations.filter((c) => marked.has(c.n));
  return cited.length ? cited : answer.citations;
}

export function scoreQuestion(q: EvalQuestion, run: QuestionRun): QuestionScore {
  const { answer } = run;
  const refused = answer.refused;
  const retrieval = scoreRetrieval(q, run.retrieved, run.quoteSpan);
  const refusal: RefusalOutcome = q.answerable
    ? refused
      ? "false-refusal"
      : "answered"
    : refused
      ? "refused-correctly"
      : "missed-refusal";

  const missing = q.answerable ? missingFacts([answer.answer], q.facts).map(factLabel) : null;

  let ungrounded: string[] | null = null;
  let notInQuotes: string[] | null = null;
  let citationPrecision: number | null = null;
  if (!refused) {
    const cited = citedCitations(answer);
    const evidence = cited.flatMap(citationEvidence);
    ungrounded = checkGrounding(answer.answer, evidence).ungrounded;
    if (q.answerable) notInQuotes = missingFacts(evidence, q.facts).map(factLabel);
    if (q.answerable && cited.length && q.facts.length) {
      const holding = cited.filter((c) => missingFacts(citationEvidence(c), q.facts).length < q.facts.length);
      citationPrecision = holding.length / cited.length;
    }
  }

  const score: QuestionScore = {
    id: q.id,
    question: q.question,
    category: q.category,
    answerable: q.answerable,
    tags: q.tags ?? [],
    expected: q.facts.map(factLabel),
    retrieval,
    refused,
    refusal,
    missingFacts: missing,
    factsOk: missing === null ? null : missing.length === 0,
    ungrounded,
    grounded: ungrounded === null ? null : ungrounded.length === 0,
    factsNotInQuotes: notInQuotes,
    quoteHoldsFacts: notInQuotes === null ? null : notInQuotes.length === 0,
    latencyMs: run.latencyMs,
    answer: answer.answer,
    citations: answer.citations.map(({ n, docId, section, quote }) => ({ n, docId, section, quote })),
    diagnosis: null,
    citationPrecision,
    modes: run.modes,
    span: run.goldSpans?.length ? scoreSpan(answer, run.goldSpans) : null,
    lexicalOverlap: run.lexicalOverlap ?? null,
    tokens: run.tokens ?? null,
    law: scoreLaw(q, answer),
    goldDocId: q.gold?.docId,
  };
  score.diagnosis = diagnose(score);
  return score;
}

/** The most telling reason a question failed, or null when it passed every check. */
export function diagnose(s: QuestionScore): string | null {
  if (s.refusal === "missed-refusal") return "missed refusal: answered a question the corpus cannot answer";
  const rank = s.retrieval?.rank ?? null;
  const where = rank === null ? "right passage not retrieved" : `right passage at rank ${rank}`;
  if (s.refusal === "false-refusal") return `false refusal (${where})`;
  const law = s.law ? diagnoseLaw(s.law, s.goldDocId) : null;
  if (law) return law;
  if (s.factsOk === false) {
    const missing = s.missingFacts!.join(", ");
    if (rank === null) return `retrieval miss: right passage not in top ${RANK_DEPTH}; missing ${missing}`;
    return `wrong sentence chosen (${where}); missing ${missing}`;
  }
  if (s.tags.includes("span") && s.span && !s.span.contained) {
    const docRank = s.modes?.hybrid?.document.rank ?? null;
    const doc = docRank === null ? `gold document not in top ${RANK_DEPTH}` : `gold document at rank ${docRank}`;
    if (s.refused) return `false refusal (${doc})`;
    return `gold span not in the answer's quotes (${doc}, ${where}; F1 ${s.span.f1.toFixed(2)})`;
  }
  if (s.grounded === false) return `ungrounded numbers in answer: ${s.ungrounded!.join(", ")}`;
  if (s.quoteHoldsFacts === false) return `facts not in cited quotes: ${s.factsNotInQuotes!.join(", ")}`;
  return null;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Over answerable questions with gold; null when there are none. */
  hit1: number | null;
  hit5: number | null;
  mrr: number | null;
  /** Over answerable questions: all required facts in the answer text. */
  factAccuracy: number | null;
  /** Over answered questions: every number of the answer is in cited evidence. */
  groundedShare: number | null;
  /** Over answerable answered questions: cited evidence holds the required facts. */
  quoteHoldsFacts: number | null;
  /** Over unanswerable questions: share refused. */
  refusalAccuracy: number | null;
  /** Over answerable questions: share refused. */
  falseRefusalRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Mean over answerable answered questions of the share of cited citations stating a required fact. */
  citationPrecision?: number | null;
  /** Refused questions that were unanswerable / all refused questions. */
  refusalPrecision?: number | null;
  /** Unanswerable questions refused / all unanswerable (= refusalAccuracy). */
  refusalRecall?: number | null;
  /** Span metrics over questions with a gold span (a refusal scores 0 / not contained). */
  spanF1?: number | null;
  rougeL?: number | null;
  spanContained?: number | null;
  /** A citation of the gold document covers the gold span's offsets. */
  spanCited?: number | null;
  /** Over answered span questions: answers of at most MAX_ANSWER_SENTENCES sentences. */
  shortAnswers?: number | null;
  meanSentences?: number | null;
  /** Mean lexical overlap of a question with its gold passage (questions that have one). */
  meanLexicalOverlap?: number | null;
  /** Retrieval per mode and level. */
  modes?: Record<string, ModeMetrics>;
  /** Chat-model tokens: total and per answered question, null when not reported. */
  tokensTotal?: number | null;
  tokensPerQuestion?: number | null;
  judgeFaithfulness?: number | null;
  judgeRelevance?: number | null;
  judged?: number;
  /** Questions whose answer failed with an error (scored as refusals). */
  errors?: number;
  /** Law questions with gold paragraphs: every one in the answer (a refusal has none). */
  wholeArticle?: number | null;
  /** Answerable law questions: the first citation is from the gold law / the gold version (file). */
  firstCitationLaw?: number | null;
  firstCitationVersion?: number | null;
}

export interface RankMetrics {
  hit1: number | null;
  hit5: number | null;
  mrr: number | null;
}

export interface ModeMetrics {
  passage: RankMetrics;
  document: RankMetrics;
  answerBearing: RankMetrics;
  /** Search time of the mode, ms (nearest-rank p50/p95), when measured. */
  searchP50Ms?: number | null;
  searchP95Ms?: number | null;
}

function rankMetrics(scores: Array<{ hit1: boolean; hit5: boolean; reciprocalRank: number }>): RankMetrics {
  return {
    hit1: share(scores, (s) => s.hit1),
    hit5: share(scores, (s) => s.hit5),
    mrr: mean(scores.map((s) => s.reciprocalRank)),
  };
}

export function modeMetrics(scores: QuestionScore[]): Record<string, ModeMetrics> {
  const out: Record<string, ModeMetrics> = {};
  const names = [...new Set(scores.flatMap((s) => Object.keys(s.modes ?? {})))];
  for (const mode of names) {
    const runs = scores.map((s) => s.modes?.[mode]).filter((m): m is ModeRetrieval => m !== undefined);
    out[mode] = {
      passage: rankMetrics(runs.map((r) => r.passage)),
      document: rankMetrics(runs.map((r) => r.document)),
      answerBearing: rankMetrics(runs.map((r) => r.answerBearing)),
      searchP50Ms: percentile(
        runs.flatMap((r) => (r.searchMs === undefined ? [] : [r.searchMs])),
        50,
      ),
      searchP95Ms: percentile(
        runs.flatMap((r) => (r.searchMs === undefined ? [] : [r.searchMs])),
        95,
      ),
    };
  }
  return out;
}

export interface Aggregate {
  overall: Metrics;
  byCategory: Record<string, Metrics>;
  failures: string[];
}

function share<T>(items: T[], test: (t: T) => boolean): number | null {
  return items.length ? items.filter(test).length / items.length : null;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function computeMetrics(scores: QuestionScore[]): Metrics {
  const answerable = scores.filter((s) => s.answerable);
  const withGold = answerable.filter((s) => s.retrieval !== null);
  const answered = scores.filter((s) => !s.refused);
  const answerableAnswered = answerable.filter((s) => !s.refused);
  const unanswerable = scores.filter((s) => !s.answerable);
  const latencies = scores.map((s) => s.latencyMs);
  const spans = scores.map((s) => s.span).filter((s): s is SpanScore => s != null);
  const sentenceCounts = spans.map((s) => s.sentences).filter((n): n is number => n !== null);
  const tokens = scores.map((s) => s.tokens).filter((t): t is number => typeof t === "number");
  const judged = scores.map((s) => s.judge).filter((j): j is JudgeScore => j != null);
  return {
    questions: scores.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit1: share(withGold, (s) => s.retrieval!.hit1),
    hit5: share(withGold, (s) => s.retrieval!.hit5),
    mrr: mean(withGold.map((s) => s.retrieval!.reciprocalRank)),
    factAccuracy: share(answerable, (s) => s.factsOk === true),
    groundedShare: share(answered, (s) => s.grounded === true),
    quoteHoldsFacts: share(answerableAnswered, (s) => s.quoteHoldsFacts === true),
    refusalAccuracy: share(unanswerable, (s) => s.refused),
    falseRefusalRate: share(answerable, (s) => s.refused),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    citationPrecision: mean(scores.map((s) => s.citationPrecision).filter((v): v is number => typeof v === "number")),
    refusalPrecision: share(
      scores.filter((s) => s.refused),
      (s) => !s.answerable,
    ),
    refusalRecall: share(unanswerable, (s) => s.refused),
    spanF1: mean(spans.map((s) => s.f1)),
    rougeL: mean(spans.map((s) => s.rougeL)),
    spanContained: share(spans, (s) => s.contained),
    spanCited: share(spans, (s) => s.cited),
    shortAnswers: share(sentenceCounts, (n) => n <= MAX_ANSWER_SENTENCES),
    meanSentences: mean(sentenceCounts),
    meanLexicalOverlap: mean(scores.map((s) => s.lexicalOverlap).filter((v): v is number => typeof v === "number")),
    modes: modeMetrics(scores),
    tokensTotal: tokens.length ? tokens.reduce((a, b) => a + b, 0) : null,
    tokensPerQuestion: mean(tokens),
    judgeFaithfulness: mean(judged.map((j) => j.faithfulness)),
    judgeRelevance: mean(judged.map((j) => j.relevance)),
    judged: judged.length,
    errors: scores.filter((s) => s.error !== undefined).length,
    ...lawMetrics(scores),
  };
}

/** The law metrics over the questions that have a law score (see law-metrics.ts). */
function lawMetrics(
  scores: QuestionScore[],
): Pick<Metrics, "wholeArticle" | "firstCitationLaw" | "firstCitationVersion"> {
  const law = scores.map((s) => s.law).filter((l): l is LawScore => l != null);
  const articles = law.filter((l) => l.wholeArticle !== null);
  const cited = law.filter((l) => l.rightLaw !== null);
  return {
    wholeArticle: share(articles, (l) => l.wholeArticle === true),
    firstCitationLaw: share(cited, (l) => l.rightLaw === true),
    firstCitationVersion: share(cited, (l) => l.rightVersion === true),
  };
}

export function aggregate(scores: QuestionScore[]): Aggregate {
  const byCategory: Record<string, Metrics> = {};
  for (const category of [...new Set(scores.map((s) => s.category))]) {
    byCategory[category] = computeMetrics(scores.filter((s) => s.category === category));
  }
  return {
    overall: computeMetrics(scores),
    byCategory,
    failures: scores.filter((s) => s.diagnosis !== null).map((s) => s.id),
  };
}
