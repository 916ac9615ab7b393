/**
 * Retrieval ranks at three levels, pure:
 *  - passage: the first retrieved passage that is the right one (match.ts isRelevant: contains or
 *    overlaps a gold span, else the gold section, else any passage of the gold document);
 *  - document (strict): distinct documents in retrieved order, the gold document;
 *  - answer-bearing document: distinct documents in retrieved order, the gold document OR a
 *    document whose text contains a gold answer span verbatim (public sets hold near-duplicates:
 *    the same notice reposted by two sites answers the question just as well).
 */
import type { Chunk } from "../core/types.js";
import type { Span } from "../text/sentences.js";
import { isRelevant } from "./match.js";
import type { Gold } from "./question-set.js";

/** Retrieval metrics look at this many passages / distinct documents (MRR@10). */
export const RANK_DEPTH = 10;

export interface RankScore {
  /** 1-based rank of the first right item within RANK_DEPTH, or null. */
  rank: number | null;
  hit1: boolean;
  hit5: boolean;
  reciprocalRank: number;
}

export function rankScore(rank: number | null): RankScore {
  return { rank, hit1: rank === 1, hit5: rank !== null && rank <= 5, reciprocalRank: rank === null ? 0 : 1 / rank };
}

/** Document ids in first-retrieved order, without repeats. */
export function distinctDocuments(chunks: Pick<Chunk, "docId">[]): string[] {
  return [...new Set(chunks.map((c) => c.docId))];
}

function firstRank<T>(items: T[], test: (t: T) => boolean, depth: number): number | null {
  const i = items.slice(0, depth).findIndex(test);
  return i < 0 ? null : i + 1;
}

/** A gold span: the quote and, when located, its offsets in the gold document. */
export interface LocatedQuote {
  quote: string;
  span?: Span;
}

/** Passage level: the first chunk relevant to any of the gold quotes (or to the gold without one). */
export function passageRank(chunks: Chunk[], gold: Gold, quotes: LocatedQuote[], depth = RANK_DEPTH): number | null {
  const variants: Array<[Gold, Span | undefined]> = quotes.length
    ? quotes.map((q) => [{ ...gold, quote: q.quote }, q.span])
    : [[gold, undefined]];
  return firstRank(chunks, (c) => variants.some(([g, s]) => isRelevant(c, g, s)), depth);
}

export function documentRank(docIds: string[], goldDocId: string, depth = RANK_DEPTH): number | null {
  return firstRank(docIds, (d) => d === goldDocId, depth);
}

/**
 * Answer-bearing document level: the gold document, or any document whose text contains one of
 * the answers verbatim. Without answers (no gold quote) this is the strict document rank.
 */
export function answerBearingRank(
  docIds: string[],
  goldDocId: string,
  answers: string[],
  textOf: (docId: string) => string | undefined,
  depth = RANK_DEPTH,
): number | null {
  return firstRank(
    docIds,
    (d) => d === goldDocId || answers.some((a) => a.length > 0 && (textOf(d)?.includes(a) ?? false)),
    depth,
  );
}

export interface ModeRetrieval {
  passage: RankScore;
  document: RankScore;
  answerBearing: RankScore;
  /** Time of the search call, ms (set by the runner). */
  searchMs?: number;
}

export function scoreModeRetrieval(
  chunks: Chunk[],
  gold: Gold,
  quotes: LocatedQuote[],
  textOf: (docId: string) => string | undefined,
): ModeRetrieval {
  const docs = distinctDocuments(chunks);
  return {
    passage: rankScore(passageRank(chunks, gold, quotes)),
    document: rankScore(documentRank(docs, gold.docId)),
    answerBearing: rankScore(
      answerBearingRank(
        docs,
        gold.docId,
        quotes.map((q) => q.quote),
        textOf,
      ),
    ),
  };
}
