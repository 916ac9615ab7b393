/**
 * A BM25 index as a large base segment, a small delta segment and the base entries deleted
 * since the base was written. An update rewrites only the delta and the deletions: the base
 * files are carried into the next generation unchanged (hard-linked), so an update costs the
 * size of what changed, not of the corpus.
 *
 * Scores equal those of one index over the live entries: the corpus statistics BM25 uses (number
 * of entries, their total length, each term's document frequency) are the base's less what the
 * deleted entries contributed (`RemovedStats`, counted from their text when they were deleted)
 * plus the delta's, and each entry is scored with its own length and term frequencies, term by
 * term in query order, as Bm25Index does.
 */
import { AppError } from "../core/errors.js";
import { type Bm25Index, Bm25Queries, type Bm25Search, Bm25Scores, type WeightedTerm } from "./bm25.js";
import { forEachPosting } from "./postings.js";

/** What deleted base entries contributed to the base's statistics. */
export interface RemovedStats {
  entries: number;
  /** Sum of their lengths (tokens). */
  length: number;
  /** Per term, how many of them hold it. */
  df: Record<string, number>;
}

export const NO_REMOVED: RemovedStats = { entries: 0, length: 0, df: {} };

/** Statistics of entries given by their tokens (each entry's tokens in order, repeats counted). */
export function statsOf(entries: Iterable<string[]>): RemovedStats {
  const stats: RemovedStats = { entries: 0, length: 0, df: {} };
  for (const tokens of entries) {
    stats.entries++;
    stats.length += tokens.length;
    for (const term of new Set(tokens)) stats.df[term] = (stats.df[term] ?? 0) + 1;
  }
  return stats;
}

/** The sum of two sets of statistics (deletions of successive updates). */
export function addStats(a: RemovedStats, b: RemovedStats): RemovedStats {
  const df = { ...a.df };
  for (const [term, n] of Object.entries(b.df)) df[term] = (df[term] ?? 0) + n;
  return { entries: a.entries + b.entries, length: a.length + b.length, df };
}

export class SegmentedBm25 extends Bm25Queries implements Bm25Search {
  readonly size: number;
  private readonly averageLength: number;
  /** 2 for base ordinals deleted (as "not allowed" in score()), else 0. */
  private readonly deleted: Uint8Array;
  private readonly removedDf: Map<string, number>;

  /** `deletedIds` are base entries no longer live; `removed` what they contributed to the base's statistics. */
  constructor(
    private readonly base: Bm25Index,
    private readonly delta: Bm25Index,
    deletedIds: Iterable<string>,
    removed: RemovedStats,
  ) {
    super();
    this.deleted = new Uint8Array(base.size);
    let count = 0;
    for (const id of deletedIds) {
      const ordinal = base.ordinalOf(id);
      if (ordinal === undefined || this.deleted[ordinal]) continue;
      this.deleted[ordinal] = 2;
      count++;
    }
    if (count !== removed.entries) {
      throw new AppError("INDEX_CORRUPT", `${count} deleted BM25 entries where the deletions count ${removed.entries}`);
    }
    this.size = base.size - removed.entries + delta.size;
    const total = base.totalLength - removed.length + delta.totalLength;
    this.averageLength = this.size ? total / this.size : 0;
    this.removedDf = new Map(Object.entries(removed.df));
  }

  idAt(ordinal: number): string {
    return ordinal < this.base.size ? this.base.idAt(ordinal) : this.delta.idAt(ordinal - this.base.size);
  }

  /** The live entry's ordinal: the delta's when an id was deleted from the base and added again. */
  ordinalOf(id: string): number | undefined {
    const inDelta = this.delta.ordinalOf(id);
    if (inDelta !== undefined) return this.base.size + inDelta;
    const inBase = this.base.ordinalOf(id);
    return inBase === undefined || this.deleted[inBase] ? undefined : inBase;
  }

  has(id: string): boolean {
    return this.ordinalOf(id) !== undefined;
  }

  documentFrequency(term: string): number {
    return this.base.documentFrequency(term) - (this.removedDf.get(term) ?? 0) + this.delta.documentFrequency(term);
  }

  /** As Bm25Index.score, over the live base entries (ordinals first) and the delta's (after them). */
  score(query: WeightedTerm[], allowed?: (id: string) => boolean): Bm25Scores {
    const { k1, b } = this.base.params;
    const avgdl = this.averageLength || 1;
    const baseSize = this.base.size;
    const scores = new Float64Array(baseSize + this.delta.size);
    // 0: not yet asked, 1: allowed, 2: not allowed (or deleted).
    const admitted = new Uint8Array(scores.length);
    admitted.set(this.deleted);
    for (const { term, weight } of query) {
      if (this.documentFrequency(term) === 0) continue;
      const idf = this.idf(term);
      for (const [segment, offset] of [
        [this.base, 0],
        [this.delta, baseSize],
      ] as const) {
        const t = segment.termNumber(term);
        if (t === undefined) continue;
        const { lengths, offsets, postings, ids } = segment.stored;
        forEachPosting(postings, offsets[t], offsets[t + 1], (entry, f) => {
          const ordinal = offset + entry;
          if (admitted[ordinal] === 0 && allowed) admitted[ordinal] = allowed(ids[entry]) ? 1 : 2;
          if (admitted[ordinal] === 2) return;
          const norm = f + k1 * (1 - b + (b * lengths[entry]) / avgdl);
          scores[ordinal] += (weight * idf * (f * (k1 + 1))) / norm;
        });
      }
    }
    return new Bm25Scores(this, scores);
  }
}
