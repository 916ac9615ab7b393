/**
 * Builds or updates the index from the corpus folder. Incremental: files whose size and
 * modification time (or else content hash) are unchanged are not re-read; removed files are
 * dropped; a change of chunking, tokenizer or embedding rebuilds what depends on it.
 */
import { type CorpusFile, listCorpusFiles } from "../corpus/list-files.js";
import { detectChanges, nothingChanged } from "./changes.js";
import { type EmbeddingChoice, embeddingsFor, matchesEmbedding } from "./embedding-choice.js";
import { loadManifest, loadStoredIndex, readFileRecords, removeLeftovers, type StoredIndex } from "./index-store.js";
import { indexTextOf } from "./index-text.js";
import { LexicalMismatch } from "./lexical-update.js";
import { builtWithCurrentSettings, type FileError, type Manifest } from "./manifest.js";
import type { InjectionWarning } from "./injection.js";
import { publishGeneration } from "./publish.js";
import { type CorpusState, type IndexProgress, readChanges } from "./read-changes.js";
import { nextSegments } from "./segments.js";
import { updateVectors, type VectorUpdate } from "./vector-update.js";
import { AppError } from "../core/errors.js";
import type { Tokenizer } from "../text/tokenize.js";

export type { EmbeddingChoice } from "./embedding-choice.js";
export type { IndexProgress } from "./read-changes.js";

export interface IndexerOptions {
  corpusDir: string;
  dataDir: string;
  chunkChars: number;
  tokenizer: Tokenizer;
  embedding: EmbeddingChoice;
  /** Ignore the previous index entirely. */
  rebuild?: boolean;
  onProgress?: (p: IndexProgress) => void;
}

export interface IndexReport {
  files: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  documents: number;
  chunks: number;
  errors: FileError[];
  /**
   * Files indexed with chunks that address the assistant ("忽略之前的指令……"): a warning, not an
   * error; those chunks are never quoted nor given to the chat model.
   */
  warnings: InjectionWarning[];
  embeddingId: string;
  /** Whether all vectors were (re)computed, e.g. after a change of embedding. */
  reembedded: boolean;
  seconds: number;
}

/**
 * How a build is run for the knowledge base: in the calling thread (buildIndex itself, the CLI's
 * way) or elsewhere (the service builds in a worker thread; see src/worker/index-build.ts). Either
 * way the build publishes a generation under the data dir and returns its report.
 */
export type IndexBuilder = (options?: {
  rebuild?: boolean;
  onProgress?: (p: IndexProgress) => void;
}) => Promise<IndexReport>;

async function loadCompatiblePrevious(opts: IndexerOptions): Promise<StoredIndex | undefined> {
  if (opts.rebuild) return undefined;
  let previous: StoredIndex | undefined;
  try {
    previous = await loadStoredIndex(opts.dataDir, (_m, local) => embeddingsFor(opts.embedding, local));
  } catch (err) {
    if (unusable(err)) return undefined;
    throw err;
  }
  if (!previous) return undefined;
  return builtWithCurrentSettings(previous.manifest, opts.chunkChars) ? previous : undefined;
}

/**
 * Whether the published index already reflects the corpus: same settings and embedding, no
 * file errors to retry, and every file with the size and modification time it was read with.
 * Then nothing needs loading or writing.
 */
function upToDate(manifest: Manifest | undefined, files: CorpusFile[], opts: IndexerOptions): manifest is Manifest {
  if (!manifest || opts.rebuild || manifest.errors.length > 0) return false;
  if (!builtWithCurrentSettings(manifest, opts.chunkChars)) return false;
  const sameEmbedding = matchesEmbedding(opts.embedding, manifest.embeddingId);
  if (!sameEmbedding || manifest.files.length !== files.length) return false;
  return nothingChanged(detectChanges(manifest.files, files));
}

function unusable(err: unknown): boolean {
  return err instanceof LexicalMismatch || (err instanceof AppError && err.code === "INDEX_CORRUPT");
}

/** Every document and chunk of the next generation, parsed (what vectors need; lexical updates do not). */
async function everything(corpus: CorpusState, previous: StoredIndex | undefined) {
  const kept = corpus.files.flatMap((f) => (f.kept ? [f.kept] : []));
  const stored = previous ? await readFileRecords(previous.dir, kept) : [];
  let next = 0;
  const records = corpus.files.map((f) => f.fresh ?? stored[next++]);
  return { chunks: records.flatMap((r) => r.chunks), indexText: indexTextOf(records.map((r) => r.document)) };
}

export async function buildIndex(opts: IndexerOptions): Promise<IndexReport> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const manifest = await loadManifest(opts.dataDir);
  const listed = await listCorpusFiles(opts.corpusDir);
  if (upToDate(manifest, listed, opts)) {
    await removeLeftovers(opts.dataDir);
    return {
      files: listed.length,
      added: 0,
      changed: 0,
      unchanged: listed.length,
      removed: 0,
      documents: manifest.files.length,
      chunks: manifest.files.reduce((n, f) => n + f.chunks, 0),
      errors: [],
      warnings: manifest.warnings ?? [],
      embeddingId: manifest.embeddingId,
      reembedded: false,
      seconds: seconds(),
    };
  }
  const previous = await loadCompatiblePrevious(opts);
  const changes = detectChanges(previous?.manifest.files ?? [], listed);
  const corpus = await readChanges(changes, opts);
  // Kept files stay unread: the BM25 indexes need the text of fresh files (and of deleted base files) only.
  let published: Manifest;
  let vectors: VectorUpdate;
  try {
    const segments = await nextSegments(opts.tokenizer, previous, corpus);
    vectors = await updateVectors(opts.embedding, previous, () => everything(corpus, previous), corpus.freshChunkIds);
    published = await publishGeneration(opts, corpus, segments, vectors, previous);
  } catch (err) {
    // A previous generation that cannot be carried over (BM25 entries that do not match its records,
    // damaged files) is not patched: the index is built afresh from the corpus.
    if (previous && unusable(err)) return buildIndex({ ...opts, rebuild: true });
    throw err;
  }
  return {
    files: listed.length,
    ...corpus.counts,
    removed: changes.removed.length,
    documents: corpus.documentCount,
    chunks: corpus.chunkCount,
    errors: corpus.errors,
    warnings: published.warnings ?? [],
    embeddingId: vectors.embeddingId,
    reembedded: vectors.reembedded,
    seconds: seconds(),
  };
}
