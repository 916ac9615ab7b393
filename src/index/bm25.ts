/**
 * A BM25 index in compact form: entries (chunks or documents) by ordinal, a term dictionary, and
 * one byte string of varint posting lists (./postings.ts) with an offset per term. Immutable:
 * Bm25Builder (./bm25-builder.ts) makes a new one, from scratch or from a previous one with some
 * entries dropped and others added. No object per entry or per posting, so loading is one read
 * per file and memory is about two bytes a posting.
 *
 * Queries are scored term at a time into one dense accumulator and the best k taken with a
 * bounded heap: the cost is the length of the query terms' lists, not the number of entries,
 * and nothing is sorted but the k results.
 */
import { forEachPosting } from "./postings.js";
import { topK } from "./top-k.js";

export interface Bm25Params {
  k1: number;
  b: number;
}
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };
/**
 * For character bigrams a lower k1 saturates repeated bigrams sooner; measured on the public
 * policy QA set (ncpqa dev), k1 0.8 ranked the right document first more often than 1.2.
 */
export const BIGRAM_BM25: Bm25Params = { k1: 0.8, b: 0.75 };

export interface Bm25Hit {
  id: string;
  score: number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

/** The parts of an index as they are stored (see bm25-file.ts). */
export interface Bm25Parts {
  params: Bm25Params;
  /** Entry id by ordinal. */
  ids: string[];
  /** Number of tokens of each entry, by ordinal. */
  lengths: Int32Array;
  /** Term by term number. */
  terms: string[];
  /** Number of entries holding each term. */
  df: Int32Array;
  /** Byte offset of each term's list in `postings`, and the end as the last element (terms + 1). */
  offsets: Uint32Array;
  postings: Uint8Array;
}

/** What scores need of an index: entry ids by ordinal and back. */
export interface EntryOrdinals {
  idAt(ordinal: number): string;
  ordinalOf(id: string): number | undefined;
}

/**
 * What retrieval asks of a BM25 index: one segment (Bm25Index) or a base and a delta segment
 * (SegmentedBm25, ./bm25-segmented.ts), which score alike.
 */
export interface Bm25Search {
  readonly size: number;
  has(id: string): boolean;
  documentFrequency(term: string): number;
  idf(term: string): number;
  search(queryTokens: string[], k: number, allowed?: (id: string) => boolean): Bm25Hit[];
  searchWeighted(query: WeightedTerm[], k: number, allowed?: (id: string) => boolean): Bm25Hit[];
  score(query: WeightedTerm[], allowed?: (id: string) => boolean): Bm25Scores;
}

/**
 * What every Bm25Search derives from its size, document frequencies and score(): the idf and the
 * top-k searches. One segment (Bm25Index) and a base with a delta (SegmentedBm25) share them.
 */
export abstract class Bm25Queries {
  abstract readonly size: number;
  abstract documentFrequency(term: string): number;
  abstract score(query: WeightedTerm[], allowed?: (id: string) => boolean): Bm25Scores;

  /** BM25 idf (the non-negative variant); a term no entry holds gets the highest idf. */
  idf(term: string): number {
    return bm25Idf(this.size, this.documentFrequency(term));
  }

  /** Top `k` entries for the query tokens, optionally restricted to `allowed` ids. `k` may be Infinity. */
  search(queryTokens: string[], k: number, allowed?: (id: string) => boolean): Bm25Hit[] {
    return this.score(unweighted(queryTokens), allowed).top(k);
  }

  /** As search, each term's contribution scaled by its weight (expanded synonyms weigh less than asked words). */
  searchWeighted(query: WeightedTerm[], k: number, allowed?: (id: string) => boolean): Bm25Hit[] {
    return this.score(query, allowed).top(k);
  }
}

/** BM25 idf (the non-negative variant) of a term `df` of `n` entries hold. */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Scores of one query over every entry; read them with top() and among(). */
export class Bm25Scores {
  constructor(
    private readonly index: EntryOrdinals,
    /** Score by entry ordinal; 0 for entries the query does not reach or `allowed` excludes. */
    private readonly scores: Float64Array,
  ) {}

  /** The best `k` entries (`k` may be Infinity), best first; equal scores in id order. */
  top(k: number): Bm25Hit[] {
    return topK(this.scores, k, (ordinal) => this.index.idAt(ordinal));
  }

  /** Those of `ids` the query reaches, best first; equal scores in id order. */
  among(ids: Iterable<string>): Bm25Hit[] {
    const hits: Bm25Hit[] = [];
    for (const id of ids) {
      const ordinal = this.index.ordinalOf(id);
      const score = ordinal === undefined ? 0 : this.scores[ordinal];
      if (score > 0) hits.push({ id, score });
    }
    return hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
  }
}

export class Bm25Index extends Bm25Queries implements Bm25Search {
  readonly params: Bm25Params;
  private readonly parts: Bm25Parts;
  private readonly averageLength: number;
  /** Built on first use: most indexes are only ever searched by term. */
  private termNumbers: Map<string, number> | undefined;
  private ordinals: Map<string, number> | undefined;

  /** Sum of the entries' lengths. */
  readonly totalLength: number;

  constructor(parts: Bm25Parts) {
    super();
    this.parts = parts;
    this.params = parts.params;
    let total = 0;
    for (const length of parts.lengths) total += length;
    this.totalLength = total;
    this.averageLength = parts.ids.length ? total / parts.ids.length : 0;
  }

  static empty(params: Bm25Params): Bm25Index {
    return new Bm25Index({
      params,
      ids: [],
      lengths: new Int32Array(0),
      terms: [],
      df: new Int32Array(0),
      offsets: new Uint32Array(1),
      postings: new Uint8Array(0),
    });
  }

  /** The stored form, for saving and for building the next index from this one. */
  get stored(): Readonly<Bm25Parts> {
    return this.parts;
  }

  get size(): number {
    return this.parts.ids.length;
  }

  idAt(ordinal: number): string {
    return this.parts.ids[ordinal];
  }

  ordinalOf(id: string): number | undefined {
    this.ordinals ??= new Map(this.parts.ids.map((entryId, i) => [entryId, i]));
    return this.ordinals.get(id);
  }

  has(id: string): boolean {
    return this.ordinalOf(id) !== undefined;
  }

  termNumber(term: string): number | undefined {
    this.termNumbers ??= new Map(this.parts.terms.map((t, i) => [t, i]));
    return this.termNumbers.get(term);
  }

  /** Number of entries containing `term`. */
  documentFrequency(term: string): number {
    const t = this.termNumber(term);
    return t === undefined ? 0 : this.parts.df[t];
  }

  /** Every entry's score for the query, term at a time; entries `allowed` rejects score 0. */
  score(query: WeightedTerm[], allowed?: (id: string) => boolean): Bm25Scores {
    const { k1, b } = this.params;
    const { lengths, offsets, postings, ids } = this.parts;
    const avgdl = this.averageLength || 1;
    const scores = new Float64Array(this.size);
    // 0: not yet asked, 1: allowed, 2: not allowed; `allowed` is asked once per entry reached.
    const admitted = allowed ? new Uint8Array(this.size) : undefined;
    for (const { term, weight } of query) {
      const t = this.termNumber(term);
      if (t === undefined) continue;
      const idf = this.idf(term);
      forEachPosting(postings, offsets[t], offsets[t + 1], (ordinal, f) => {
        if (admitted) {
          if (admitted[ordinal] === 0) admitted[ordinal] = allowed!(ids[ordinal]) ? 1 : 2;
          if (admitted[ordinal] === 2) return;
        }
        const norm = f + k1 * (1 - b + (b * lengths[ordinal]) / avgdl);
        scores[ordinal] += (weight * idf * (f * (k1 + 1))) / norm;
      });
    }
    return new Bm25Scores(this, scores);
  }
}

/** Query tokens as terms of weight 1, each once. */
export function unweighted(tokens: string[]): WeightedTerm[] {
  return [...new Set(tokens)].map((term) => ({ term, weight: 1 }));
}
