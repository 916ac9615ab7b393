/**
 * Prepares a public benchmark for a run: loads it with its adapter, materializes the documents
 * under <benchDir>/corpus and opens (building or updating) the index under <benchDir>/index-data.
 * An unchanged corpus keeps its files untouched, so the incremental indexer reuses the index.
 */
import path from "node:path";
import type { Answerer } from "../../answer/types.js";
import type { Config } from "../../config.js";
import type { IndexReport } from "../../index/indexer.js";
import type { KnowledgeBase } from "../../service/knowledge-base.js";
import { openEvalKnowledgeBase } from "../runner.js";
import { materializeCorpus, type Benchmark, type BenchmarkName, type MaterializeReport } from "./common.js";
import { loadBenchmark } from "./index.js";

export function defaultBenchDir(name: string): string {
  return path.join("data", "bench", name);
}

export interface PreparedBenchmark {
  benchmark: Benchmark & { dropped: string[] };
  kb: KnowledgeBase;
  corpus: MaterializeReport;
  /** The build report when an index build or update ran. */
  index: IndexReport | undefined;
}

export interface PrepareOptions {
  dataPath: string;
  /** Question file inside dataPath, instead of the adapter's default (the dev set). */
  questionsFile?: string;
  benchDir?: string;
  sample?: number;
  seed?: number;
  /** The configuration; the benchmark's own corpus and index directories replace its directories. */
  config: Config;
  now?: () => Date;
  answerer?: Answerer;
  /** Rebuild the index from scratch (after a change of chunking or tokenizing code). */
  rebuild?: boolean;
}

export async function prepareBenchmark(name: BenchmarkName, opts: PrepareOptions): Promise<PreparedBenchmark> {
  const benchmark = await loadBenchmark(name, opts.dataPath, {
    sample: opts.sample,
    seed: opts.seed,
    questionsFile: opts.questionsFile,
  });
  const dir = opts.benchDir ?? defaultBenchDir(name);
  const corpusDir = path.join(dir, "corpus");
  const corpus = await materializeCorpus(benchmark.documents, corpusDir);
  let index: IndexReport | undefined;
  const { config, now, answerer } = opts;
  const kb = await openEvalKnowledgeBase({
    config,
    dataDir: path.join(dir, "index-data"),
    corpusDir,
    now,
    answerer,
    rebuild: opts.rebuild,
    onBuilt: (r) => (index = r),
  });
  return { benchmark, kb, corpus, index };
}
