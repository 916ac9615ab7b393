/**
 * Runs a question set in-process against a knowledge base: retrieval via search, the answer
 * via ask (timed), then the pure scorers. Opening the knowledge base is separate so the CLI
 * and the CI test can point it at their own data directory.
 */
import { performance } from "node:perf_hooks";
import { loadConfig } from "../config.js";
import type { KnowledgeBase } from "../knowledge-base.js";
import { createKnowledgeBase } from "../wiring.js";
import { locateQuote } from "./match.js";
import type { EvalQuestion } from "./question-set.js";
import { aggregate, scoreQuestion, type Aggregate, type QuestionScore } from "./scoring.js";
import { validateQuestions } from "./validate.js";

/** Eval indexes live apart from the service's, so a run never rewrites the main index. */
export const DEFAULT_EVAL_DATA_DIR = "./data/eval-sample";

export interface OpenOptions {
  env?: Record<string, string | undefined>;
  dataDir?: string;
  corpusDir?: string;
  now?: () => Date;
}

/** Create and open a knowledge base for evaluation; builds the index when there is none. */
export async function openEvalKnowledgeBase(opts: OpenOptions = {}): Promise<KnowledgeBase> {
  const env = { ...(opts.env ?? process.env) };
  env.DATA_DIR = opts.dataDir ?? DEFAULT_EVAL_DATA_DIR;
  if (opts.corpusDir) env.CORPUS_DIR = opts.corpusDir;
  const kb = await createKnowledgeBase(loadConfig(env), { now: opts.now });
  await kb.open();
  return kb;
}

export interface EvalResult {
  set: string;
  startedAt: string;
  answerer: string;
  embeddingId: string;
  today: string;
  aggregate: Aggregate;
  questions: QuestionScore[];
}

export class InvalidQuestionSetError extends Error {}

export interface RunOptions {
  set: string;
  today: Date;
  onQuestion?: (done: number, total: number, id: string) => void;
}

export async function runEval(kb: KnowledgeBase, questions: EvalQuestion[], opts: RunOptions): Promise<EvalResult> {
  const index = kb.current;
  if (!index) throw new Error("the knowledge base is not open");
  const problems = validateQuestions(questions, index.documents, (id) => index.chunksOf(id));
  if (problems.length) throw new InvalidQuestionSetError(`${opts.set}: ${problems.length} broken question(s):\n  ${problems.join("\n  ")}`);

  const startedAt = new Date().toISOString();
  const scores: QuestionScore[] = [];
  for (const q of questions) {
    const retrieved = (await kb.search(q.question, { filters: q.filters })).map((p) => p.chunk);
    const t0 = performance.now();
    const answer = await kb.ask(q.question, { filters: q.filters });
    const latencyMs = performance.now() - t0;
    const doc = q.gold && index.documents.get(q.gold.docId);
    const quoteSpan = doc && q.gold?.quote ? locateQuote(doc.text, q.gold.quote) : undefined;
    scores.push(scoreQuestion(q, { retrieved, answer, latencyMs, quoteSpan }));
    opts.onQuestion?.(scores.length, questions.length, q.id);
  }
  return {
    set: opts.set,
    startedAt,
    answerer: kb.answererName,
    embeddingId: index.manifest.embeddingId,
    today: opts.today.toISOString().slice(0, 10),
    aggregate: aggregate(scores),
    questions: scores,
  };
}
