/**
 * The offline embedding: hashed character n-grams (1–3) weighted by TF-IDF, with the IDF
 * fitted on the corpus at index time. Needs no network and no weights, and is deterministic,
 * so the same text always gets the same vector for a given fitted model.
 */
import { createHash } from "node:crypto";
import { Embeddings } from "@langchain/core/embeddings";
import { normalizeText } from "../text/normalize.js";

export const DEFAULT_LOCAL_DIM = 2048;
const NGRAM_WEIGHT = [0, 0.4, 1, 1] as const;

export interface LocalEmbeddingModel {
  dim: number;
  /** IDF per hash bucket; fitted on the corpus. */
  idf: number[];
  /** Number of texts the IDF was fitted on. */
  fittedOn: number;
}

/** FNV-1a; fast and stable across platforms, which a persisted model needs. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Weighted n-gram counts keyed by a signed bucket: ±(bucket + 1). The sign bit of the hash
 * decides the sign, so colliding n-grams tend to cancel rather than add up.
 */
function hashedNgrams(text: string, dim: number): Map<number, number> {
  // Only letters and digits carry meaning; punctuation and spaces would only add noise.
  const chars = [...normalizeText(text)].filter((c) => /[\p{L}\p{N}%]/u.test(c));
  const counts = new Map<number, number>();
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const h = fnv1a(`${n}:${chars.slice(i, i + n).join("")}`);
      const key = ((h % dim) + 1) * (h >>> 31 ? -1 : 1);
      counts.set(key, (counts.get(key) ?? 0) + NGRAM_WEIGHT[n]);
    }
  }
  return counts;
}

/** Fit the IDF of each bucket over the corpus texts. */
export function fitLocalEmbeddingModel(texts: string[], dim = DEFAULT_LOCAL_DIM): LocalEmbeddingModel {
  const df = new Array<number>(dim).fill(0);
  for (const text of texts) {
    const seen = new Set<number>();
    for (const key of hashedNgrams(text, dim).keys()) seen.add(Math.abs(key) - 1);
    for (const b of seen) df[b]++;
  }
  const n = texts.length;
  const idf = df.map((d) => Math.log((n + 1) / (d + 1)) + 1);
  return { dim, idf, fittedOn: n };
}

/** What every id of a local model of this dimension starts with, whatever corpus it was fitted on. */
export function localEmbeddingIdPrefix(dim: number = DEFAULT_LOCAL_DIM): string {
  return `local-ngram-v1:dim=${dim}:`;
}

/** Identity of a fitted model, recorded in the index manifest. */
export function localEmbeddingId(model: LocalEmbeddingModel): string {
  const digest = createHash("sha256")
    .update(model.idf.map((x) => x.toFixed(6)).join(","))
    .digest("hex");
  return `${localEmbeddingIdPrefix(model.dim)}idf=${digest.slice(0, 12)}`;
}

export class LocalNgramEmbeddings extends Embeddings {
  readonly id: string;

  constructor(readonly model: LocalEmbeddingModel) {
    super({});
    this.id = localEmbeddingId(model);
  }

  embedText(text: string): number[] {
    const { dim, idf } = this.model;
    const vector = new Array<number>(dim).fill(0);
    for (const [key, count] of hashedNgrams(text, dim)) {
      const bucket = Math.abs(key) - 1;
      const sign = Math.sign(key);
      vector[bucket] += sign * (1 + Math.log(1 + count)) * idf[bucket];
    }
    let sumSquares = 0;
    for (const x of vector) sumSquares += x * x;
    const norm = Math.sqrt(sumSquares) || 1;
    return vector.map((x) => x / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedText(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedText(document);
  }
}
