import type { Answer, Passage } from "../core/types.js";

export interface AnswerOptions {
  /** Cancels the work (e.g. the HTTP client went away). */
  signal?: AbortSignal;
  /** Receives answer text as it is produced: tokens from a chat model, sentences offline. */
  onToken?: (text: string) => void;
  /** "Today" for statements about whether a rule is still in force. */
  today?: Date;
  /** Word statistics and document access of the index the passages came from; the knowledge base always passes it. */
  context: AnswerContext;
}

/**
 * Turns a question and its retrieved passages into a cited answer, or a refusal. Callers pass
 * every option an answerer may need; an answerer that needs fewer says so in its own signature.
 */
export interface Answerer {
  readonly name: string;
  /**
   * The evidence bar this answerer needs: the knowledge base refuses, without asking it, a question
   * whose best passage covers less than this share of the question's weight (evidence.ts).
   */
  readonly minEvidence: number;
  /**
   * The answerer checks near misses sentence by sentence (the question's focus, places, duties), so
   * the gate may weigh colloquial words at a share of their weight (evidence.ts gateTerms). Absent:
   * the gate reads every word at its full weight.
   */
  readonly checksNearMisses?: boolean;
  answer(question: string, passages: Passage[], options: AnswerOptions): Promise<Answer>;
}

/** User-facing refusal wording shared by both answerers. */
export const REFUSAL_PREFIX = "知识库中未找到";

/** What answerers may ask of the index beyond the passages: word statistics and whole documents. */
export interface AnswerContext {
  tokenize(text: string): string[];
  /** The question's weighted words with their thesaurus alternatives (see retrieve/query-terms.ts). */
  questionTerms(question: string): readonly import("../core/types.js").QueryTerm[];
  /** BM25 idf over all chunks; unknown words get the highest value. */
  idf(term: string): number;
  chunksOf(docId: string): import("../core/types.js").Chunk[];
  /** The opening of a document's text, where it names its issuer, region and subject. */
  documentHead(docId: string): string;
  /** The document's text between two offsets: what lies between two passages. */
  documentText(docId: string, start: number, end: number): string;
  /** The whole document's text, normalized for matching (normalizeText); kept by the index for reuse. */
  normalizedDocument(docId: string): string;
}
