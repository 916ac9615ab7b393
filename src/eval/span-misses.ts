/**
 * Where span answers are lost, so that work goes where the losses are: each answerable span
 * question whose answer does not hold the gold span is put in one bucket — refused; the right
 * passage not among the first passages the answerer reads (retrieval); or the right passage read
 * but other sentences quoted (answer composition), split by whether the answer quotes the gold
 * document at all. Pure over scored questions.
 */
import { DEFAULT_EXTRACTIVE } from "../answer/extractive.js";
import type { QuestionScore } from "./scoring.js";

export type ScoredSpan = Pick<QuestionScore, "answerable" | "refused" | "retrieval" | "citations" | "span"> & {
  goldDocId?: string;
};

export interface SpanMisses {
  /** Answerable questions with a gold span. */
  questions: number;
  /** Of them, answers holding the gold span. */
  contained: number;
  /** Refused although the right passage was among those read / not among them. */
  refusedRead: number;
  refusedNotRead: number;
  /** Answered, the right passage not among those read. */
  retrieval: number;
  /** Answered, the right passage read, the gold document quoted but not the span. */
  otherSentences: number;
  /** Answered, the right passage read, only other documents quoted. */
  otherDocuments: number;
}

/** The buckets over `scores`; `read` is how many passages the answerer reads (the extractive default). */
export function spanMisses(scores: readonly ScoredSpan[], read = DEFAULT_EXTRACTIVE.passages): SpanMisses {
  const m: SpanMisses = {
    questions: 0,
    contained: 0,
    refusedRead: 0,
    refusedNotRead: 0,
    retrieval: 0,
    otherSentences: 0,
    otherDocuments: 0,
  };
  for (const s of scores) {
    if (!s.answerable || !s.span) continue;
    m.questions++;
    const wasRead = s.retrieval?.rank != null && s.retrieval.rank <= read;
    if (s.span.contained) m.contained++;
    else if (s.refused) m[wasRead ? "refusedRead" : "refusedNotRead"]++;
    else if (!wasRead) m.retrieval++;
    else if (s.citations.some((c) => c.docId === s.goldDocId)) m.otherSentences++;
    else m.otherDocuments++;
  }
  return m;
}

/** Console lines for the buckets, or undefined when the set has no span questions. */
export function formatSpanMisses(m: SpanMisses, read = DEFAULT_EXTRACTIVE.passages): string | undefined {
  if (m.questions === 0) return undefined;
  const missed = m.questions - m.contained;
  const rows: Array<[number, string]> = [
    [m.refusedRead, `拒答，正确段落在前 ${read} 段内`],
    [m.refusedNotRead, `拒答，正确段落不在前 ${read} 段内`],
    [m.retrieval, `检索：正确段落不在前 ${read} 段内`],
    [m.otherSentences, "组句：读到正确段落，引了金标文档的其他句子"],
    [m.otherDocuments, "组句：读到正确段落，只引了其他文档"],
  ];
  const width = String(missed).length;
  return [
    `答案未含金标片段 ${missed} / ${m.questions} 题，按去向：`,
    ...rows.map(([n, label]) => `  ${String(n).padStart(width)}  ${label}`),
  ].join("\n");
}
