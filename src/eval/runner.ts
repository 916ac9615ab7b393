/**
 * Runs a question set in-process against a knowledge base: retrieval via search, the answer
 * via ask (timed), then the pure scorers. Opening the knowledge base is separate so the CLI
 * and the CI test can point it at their own data directory.
 */
import { performance } from "node:perf_hooks";
import { withOverrides, type Config } from "../config.js";
import type { KnowledgeBase } from "../service/knowledge-base.js";
import { createKnowledgeBase } from "../wiring.js";
import { AppError } from "../core/errors.js";
import type { Answer, Chunk } from "../core/types.js";
import type { IndexReport } from "../index/indexer.js";
import type { Answerer } from "../answer/types.js";
import type { RetrievalMode } from "../retrieve/search-index.js";
import type { Span } from "../text/sentences.js";
import { createTokenizer } from "../text/tokenize.js";
import { questionOverlap } from "./lexical-overlap.js";
import { locateQuote } from "./match.js";
import type { EvalQuestion } from "./question-set.js";
import { RANK_DEPTH, scoreModeRetrieval, type LocatedQuote, type ModeRetrieval } from "./retrieval-metrics.js";
import { aggregate, scoreQuestion, type Aggregate, type JudgeScore, type QuestionScore } from "./scoring.js";
import type { GoldSpan } from "./span-metrics.js";
import { validateQuestions } from "./validate.js";

/** Eval indexes live apart from the service's, so a run never rewrites the main index. */
export const DEFAULT_EVAL_DATA_DIR = "./data/eval-sample";

export interface OpenOptions {
  /** The configuration; its data directory is replaced by dataDir (the eval's own by default). */
  config: Config;
  dataDir?: string;
  corpusDir?: string;
  now?: () => Date;
  /** An answerer to use instead of the configured one (e.g. with a token counter attached). */
  answerer?: Answerer;
  /** Rebuild the index from scratch rather than update it. */
  rebuild?: boolean;
  /** Receives the build report when opening built the index. */
  onBuilt?: (report: IndexReport) => void;
}

/** Create and open a knowledge base for evaluation; builds the index when there is none. */
export async function openEvalKnowledgeBase(opts: OpenOptions): Promise<KnowledgeBase> {
  const config = withOverrides(opts.config, {
    dataDir: opts.dataDir ?? DEFAULT_EVAL_DATA_DIR,
    corpusDir: opts.corpusDir || undefined,
  });
  const kb = await createKnowledgeBase(config, { now: opts.now, answerer: opts.answerer });
  const report = await kb.open({ rebuild: opts.rebuild });
  if (report) opts.onBuilt?.(report);
  return kb;
}

export const RETRIEVAL_MODES: RetrievalMode[] = ["lexical", "vector", "hybrid"];

/** Passages fetched per mode for the retrieval metrics: enough for 10 distinct documents mostly. */
const SEARCH_DEPTH = 60;

/** The quote's span nearest `start` (the given offset when the text is there), else the first; undefined when absent. */
export function locateQuoteNear(text: string, quote: string, start?: number): Span | undefined {
  if (start !== undefined && text.slice(start, start + quote.length) === quote)
    return { start, end: start + quote.length };
  if (start === undefined) return locateQuote(text, quote);
  let best: Span | undefined;
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) {
    if (!best || Math.abs(i - start) < Math.abs(best.start - start)) best = { start: i, end: i + quote.length };
  }
  return best;
}

/** Gold quote and alternatives, located in the gold document's text when it is known. */
export function goldQuotes(q: EvalQuestion, docText: string | undefined): LocatedQuote[] {
  if (!q.gold?.quote) return [];
  const all = [{ quote: q.gold.quote, start: q.gold.start }, ...(q.gold.alternatives ?? [])];
  return all.map((a) => ({
    quote: a.quote,
    span: docText === undefined ? undefined : locateQuoteNear(docText, a.quote, a.start),
  }));
}

function toGoldSpans(q: EvalQuestion, quotes: LocatedQuote[]): GoldSpan[] {
  return quotes.map((x) => ({ docId: q.gold!.docId, quote: x.quote, start: x.span?.start, end: x.span?.end }));
}

export interface EvalResult {
  /** Result-file format; 2 adds modes, span metrics, tokens, judge. */
  format?: number;
  set: string;
  /** Retrieval modes compared (retrieval metrics each; answers with hybrid). */
  modes?: string[];
  /** Where the answers came from: "in-process" or the service URL. */
  target?: string;
  /** Benchmark name and sample, when the set came from an adapter. */
  benchmark?: { name: string; data: string; sample: number | null; seed: number | null; documents: number };
  startedAt: string;
  answerer: string;
  embeddingId: string;
  today: string;
  aggregate: Aggregate;
  questions: QuestionScore[];
}

/** A question set whose gold answers do not fit the indexed corpus. */
export class InvalidQuestionSetError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("QUESTION_SET_MISMATCH", message, options);
  }
}

export interface RunOptions {
  set: string;
  today: Date;
  onQuestion?: (done: number, total: number, id: string) => void;
  /** Retrieval modes to compare; hybrid is always scored (it is what answers use). */
  modes?: RetrievalMode[];
  /** Chat-model tokens used since the last call, when the answerer reports usage. */
  takeTokens?: () => number | null;
  /** Optional LLM judge of each answer. */
  judge?: (question: string, answer: Answer) => Promise<JudgeScore | null>;
}

export async function runEval(kb: KnowledgeBase, questions: EvalQuestion[], opts: RunOptions): Promise<EvalResult> {
  const status = kb.status();
  if (!status.ready) throw new Error("the knowledge base is not open");
  const problems = validateQuestions(questions, (id) => kb.indexedDocument(id));
  if (problems.length)
    throw new InvalidQuestionSetError(
      `${opts.set}: ${problems.length} broken question(s):\n  ${problems.join("\n  ")}`,
    );

  const startedAt = new Date().toISOString();
  const scores: QuestionScore[] = [];
  const modes = [...new Set<RetrievalMode>([...(opts.modes ?? []), "hybrid"])];
  const textOf = (docId: string) => kb.indexedDocument(docId)?.document.text;
  const tokenize = createTokenizer();
  for (const q of questions) {
    const docText = q.gold && textOf(q.gold.docId);
    const quotes = goldQuotes(q, docText);
    const byMode: Record<string, ModeRetrieval> = {};
    let retrieved: Chunk[] = [];
    for (const mode of modes) {
      const s0 = performance.now();
      const chunks = (await kb.search(q.question, { filters: q.filters, k: SEARCH_DEPTH, mode })).map((p) => p.chunk);
      const searchMs = performance.now() - s0;
      if (mode === "hybrid") retrieved = chunks.slice(0, RANK_DEPTH);
      if (q.answerable && q.gold) byMode[mode] = { ...scoreModeRetrieval(chunks, q.gold, quotes, textOf), searchMs };
    }
    opts.takeTokens?.();
    const t0 = performance.now();
    // A failing answerer (LLM timeout, endpoint error) fails this question, not the whole run.
    let error: string | undefined;
    const answer = await kb.ask(q.question, { filters: q.filters }).catch((err: unknown): Answer => {
      error = err instanceof Error ? err.message : String(err);
      return { answer: "", refused: true, citations: [] };
    });
    const latencyMs = performance.now() - t0;
    const tokens = opts.takeTokens?.() ?? null;
    const score = scoreQuestion(q, {
      retrieved,
      answer,
      latencyMs,
      quoteSpan: quotes[0]?.span,
      modes: q.answerable && q.gold ? byMode : undefined,
      goldSpans: toGoldSpans(q, quotes),
      tokens,
      lexicalOverlap: questionOverlap(q, docText, quotes[0]?.span, tokenize),
    });
    if (error !== undefined) {
      score.error = error;
      score.diagnosis = `error: ${error}`;
    }
    if (opts.judge && !answer.refused) score.judge = await opts.judge(q.question, answer).catch(() => null);
    scores.push(score);
    opts.onQuestion?.(scores.length, questions.length, q.id);
  }
  return resultOf(scores, opts, {
    modes,
    target: "in-process",
    startedAt,
    answerer: kb.answererName,
    embeddingId: status.embeddingId,
  });
}

/** The result file of a run: what identifies the run, then the scores and their aggregate. */
function resultOf(
  scores: QuestionScore[],
  opts: { set: EvalResult["set"]; today: Date },
  run: Pick<EvalResult, "modes" | "target" | "startedAt" | "answerer" | "embeddingId">,
): EvalResult {
  return {
    format: 2,
    set: opts.set,
    ...run,
    today: opts.today.toISOString().slice(0, 10),
    aggregate: aggregate(scores),
    questions: scores,
  };
}

export interface RemoteOptions extends Omit<RunOptions, "modes"> {
  /** Base URL of a running service, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Bearer token when the service requires one (API_TOKENS). */
  token?: string;
  /** Document texts when known locally (benchmarks), for gold offsets and answer-bearing hits. */
  textOf?: (docId: string) => string | undefined;
  fetchImpl?: typeof fetch;
}

/**
 * Runs a question set against a running service: POST /api/ask per question. The service does not
 * expose its retrieval list, so retrieval metrics come from the answer's citations only (in
 * citation order, a refusal's nearest passages standing in): they measure what the answer cites,
 * not what was retrieved, and are reported under the mode name "citations".
 */
export async function runRemoteEval(questions: EvalQuestion[], opts: RemoteOptions): Promise<EvalResult> {
  const doFetch = opts.fetchImpl ?? fetch;
  const endpoint = new URL("/api/ask", opts.url).toString();
  const startedAt = new Date().toISOString();
  const scores: QuestionScore[] = [];
  const tokenize = createTokenizer();
  for (const q of questions) {
    const t0 = performance.now();
    const res = await doFetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify({ question: q.question, ...(q.filters ? { filters: q.filters } : {}) }),
    });
    if (!res.ok) {
      const message = `${endpoint}: HTTP ${res.status} for ${q.id}: ${(await res.text()).slice(0, 200)}`;
      throw new AppError("REMOTE_EVAL_FAILED", message, { details: { status: res.status, questionId: q.id } });
    }
    const answer = (await res.json()) as Answer;
    const latencyMs = performance.now() - t0;
    const cited = answer.refused ? (answer.nearest ?? []) : answer.citations;
    const retrieved: Chunk[] = cited.map((c, i) => ({
      id: `${c.docId}#c${i}`,
      docId: c.docId,
      ordinal: i,
      text: c.quote,
      start: c.start,
      end: c.end,
      sectionPath: [],
      hash: "",
    }));
    const docText = q.gold ? opts.textOf?.(q.gold.docId) : undefined;
    const quotes = goldQuotes(q, docText);
    const textOf = opts.textOf ?? (() => undefined);
    const modes =
      q.answerable && q.gold ? { citations: scoreModeRetrieval(retrieved, q.gold, quotes, textOf) } : undefined;
    const score = scoreQuestion(q, {
      retrieved,
      answer,
      latencyMs,
      quoteSpan: quotes[0]?.span,
      modes,
      goldSpans: toGoldSpans(q, quotes),
      tokens: null,
      lexicalOverlap: questionOverlap(q, docText, quotes[0]?.span, tokenize),
    });
    if (opts.judge && !answer.refused) score.judge = await opts.judge(q.question, answer).catch(() => null);
    scores.push(score);
    opts.onQuestion?.(scores.length, questions.length, q.id);
  }
  return resultOf(scores, opts, {
    modes: ["citations"],
    target: opts.url,
    startedAt,
    answerer: "remote",
    embeddingId: "remote",
  });
}
