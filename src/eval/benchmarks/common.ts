/**
 * Shared parts of the public-benchmark adapters: the loaded form, a seeded sample, a heuristic
 * category from the question's wording, and materializing documents as .txt files.
 */
import { CorpusFolder } from "../../corpus/corpus-folder.js";
import type { Category, EvalQuestion } from "../question-set.js";
import { seededRandom } from "../../core/seeded-random.js";

export interface BenchDocument {
  /**
   * Path in the materialized corpus, "<id>.txt" (the laws benchmark keeps the data's own relative
   * paths, folders and .md included); equals Chunk.docId.
   */
  docId: string;
  text: string;
}

export interface Benchmark {
  name: string;
  documents: BenchDocument[];
  questions: EvalQuestion[];
}

export const BENCHMARKS = ["ncpqa", "cmrc2018", "laws"] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

/**
 * n items chosen by a seeded Fisher–Yates shuffle, returned in their original order. The whole
 * list when n is undefined or not smaller than it.
 */
export function sampleItems<T>(items: T[], n: number | undefined, seed = 1): T[] {
  if (n === undefined || n >= items.length) return items;
  const idx = items.map((_, i) => i);
  const rand = seededRandom(seed);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx
    .slice(0, Math.max(0, n))
    .sort((a, b) => a - b)
    .map((i) => items[i]);
}

/**
 * A category from the question's wording, for the per-category breakdown only (benchmarks carry
 * none): date (when), number (how many / how much), which (which one), else fact.
 */
export function guessCategory(question: string): Category {
  if (/什么时候|何时|哪天|哪一天|几月|几号|哪年|日期|时间是/.test(question)) return "date";
  if (/多少|几个|几家|几人|几项|几次|几天|比例|金额|数量|多长|多大|多高|多久/.test(question)) return "number";
  if (/哪个|哪些|哪家|哪位|哪里|哪儿|哪所|哪座|哪部|哪国|哪一|谁/.test(question)) return "which";
  return "fact";
}

/** A question id the question-set format accepts. */
export function safeId(id: string): string {
  return id.replace(/[^\w.-]/g, "_");
}

export interface MaterializeReport {
  written: number;
  unchanged: number;
  removed: number;
}

/**
 * Write each document as <corpusDir>/<docId> (UTF-8). Files already holding the same text are not
 * touched, so the incremental indexer sees them unchanged; every other file is removed (the folder
 * belongs to the benchmark: a file left from another selection would be indexed with it).
 */
export async function materializeCorpus(docs: BenchDocument[], corpusDir: string): Promise<MaterializeReport> {
  const corpus = new CorpusFolder(corpusDir);
  const wanted = new Set(docs.map((d) => d.docId));
  let written = 0;
  let unchanged = 0;
  let removed = 0;
  await corpus.create();
  for (const { relPath } of await corpus.list()) {
    if (!wanted.has(relPath)) {
      await corpus.remove(relPath);
      removed++;
    }
  }
  for (const d of docs) {
    const old = await corpus.read(d.docId);
    if (old?.toString("utf8") === d.text) {
      unchanged++;
      continue;
    }
    // Not synced: every run compares the files with their source and rewrites any that differ.
    await corpus.write(d.docId, Buffer.from(d.text), { sync: false });
    written++;
  }
  return { written, unchanged, removed };
}
