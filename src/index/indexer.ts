/**
 * Builds or updates the index from the corpus folder. Incremental: files whose size and
 * modification time (or else content hash) are unchanged are not re-read; removed files are
 * dropped; a change of chunking, tokenizer or embedding rebuilds what depends on it.
 */
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Chunk } from "../core/types.js";
import { type CorpusFile, listCorpusFiles } from "../ingest/list-files.js";
import { detectChanges, nothingChanged } from "./changes.js";
import { HnswVectorStore } from "./hnsw-store.js";
import { type IndexData, loadIndex, loadManifest, removeLeftovers, saveIndex } from "./index-store.js";
import { type EmbeddingChoice, matchesEmbedding } from "./embedding-choice.js";
import { chunkIndexText } from "./index-text.js";
import { updateLexicalIndexes } from "./lexical-update.js";
import { DEFAULT_LOCAL_DIM, fitLocalEmbeddingModel, type LocalEmbeddingModel, LocalNgramEmbeddings } from "./local-embeddings.js";
import { builtWithCurrentSettings, INDEX_FORMAT_VERSION, type FileError, type Manifest } from "./manifest.js";
import { type IndexProgress, readChanges } from "./read-changes.js";
import type { Tokenizer } from "../text/tokenize.js";
import { TEXT_VERSION } from "../text/version.js";

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
  embeddingId: string;
  /** Whether all vectors were (re)computed, e.g. after a change of embedding. */
  reembedded: boolean;
  seconds: number;
}

/** Refit the offline embedding when the corpus has grown or shrunk by more than this share. */
const LOCAL_REFIT_RATIO = 0.3;
const EMBED_BATCH = 64;

function embeddingFor(choice: EmbeddingChoice, localModel?: LocalEmbeddingModel): EmbeddingsInterface {
  if (choice.kind === "remote") return choice.embeddings;
  return new LocalNgramEmbeddings(localModel ?? fitLocalEmbeddingModel([], choice.dim));
}

async function loadCompatiblePrevious(opts: IndexerOptions): Promise<IndexData | undefined> {
  if (opts.rebuild) return undefined;
  const previous = await loadIndex(opts.dataDir, (_m, local) => embeddingFor(opts.embedding, local));
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
  // Only the manifest was read; a generation built with the offline embedding always holds its fitted model.
  const sameEmbedding = matchesEmbedding(opts.embedding, { embeddingId: manifest.embeddingId, hasLocalModel: true });
  if (!sameEmbedding || manifest.files.length !== files.length) return false;
  return nothingChanged(detectChanges(manifest.files, files));
}

export async function buildIndex(opts: IndexerOptions): Promise<IndexReport> {
  const started = performance.now();
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
      chunks: manifest.files.reduce((n, f) => n + f.chunkIds.length, 0),
      errors: [],
      embeddingId: manifest.embeddingId,
      reembedded: false,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const previous = await loadCompatiblePrevious(opts);
  const changes = detectChanges(previous?.manifest.files ?? [], listed);
  const corpus = await readChanges(changes, previous, opts);
  const { records, documents, chunks, freshChunkIds, errors, counts } = corpus;
  const files = listed;
  const removed = changes.removed.length;

  const metaOf = new Map(documents.map((d) => [d.docId, d.meta]));
  const indexText = (c: Chunk) => chunkIndexText(c, metaOf.get(c.docId)!);

  const { lexical, chunkBigrams, documentLexical } = updateLexicalIndexes(opts.tokenizer, previous, corpus, indexText);

  const { vectors, embeddingId, localModel, reembedded } = await updateVectors(opts, previous, chunks, freshChunkIds, indexText);

  const nextManifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    corpusDir: opts.corpusDir,
    embeddingId,
    chunkChars: opts.chunkChars,
    tokenizerVersion: TEXT_VERSION,
    files: records,
    errors,
  };
  await saveIndex(opts.dataDir, { manifest: nextManifest, documents, chunks, lexical, chunkBigrams, documentLexical, vectors, localModel });
  return {
    files: files.length,
    ...counts,
    removed,
    documents: documents.length,
    chunks: chunks.length,
    errors,
    embeddingId,
    reembedded,
    seconds: (performance.now() - started) / 1000,
  };
}

async function updateVectors(
  opts: IndexerOptions,
  previous: IndexData | undefined,
  chunks: Chunk[],
  freshChunkIds: Set<string>,
  indexText: (c: Chunk) => string,
) {
  let localModel: LocalEmbeddingModel | undefined;
  let embeddings: EmbeddingsInterface;
  let embeddingId: string;
  if (opts.embedding.kind === "local") {
    const dim = opts.embedding.dim ?? DEFAULT_LOCAL_DIM;
    const prevModel = previous?.localModel?.dim === dim ? previous.localModel : undefined;
    const drift = prevModel ? Math.abs(chunks.length - prevModel.fittedOn) / Math.max(1, prevModel.fittedOn) : Infinity;
    localModel = prevModel && drift <= LOCAL_REFIT_RATIO ? prevModel : fitLocalEmbeddingModel(chunks.map(indexText), dim);
    const local = new LocalNgramEmbeddings(localModel);
    embeddings = local;
    embeddingId = local.id;
  } else {
    embeddings = opts.embedding.embeddings;
    embeddingId = opts.embedding.id;
  }
  // Vectors of different embeddings never mix: a change of embedding re-embeds every chunk.
  const reuse = previous && previous.manifest.embeddingId === embeddingId;
  const vectors = reuse ? previous.vectors : new HnswVectorStore(embeddings);
  const live = new Set(chunks.map((c) => c.id));
  if (reuse) {
    const stale = vectors.ids().filter((id) => !live.has(id) || freshChunkIds.has(id));
    await vectors.delete({ ids: stale });
  }
  const missing = chunks.filter((c) => !vectors.vectorOf(c.id));
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const texts = batch.map(indexText);
    const embedded = await embeddings.embedDocuments(texts);
    await vectors.addVectors(
      embedded,
      batch.map((c, j) => new Document({ pageContent: texts[j], metadata: { chunkId: c.id, docId: c.docId }, id: c.id })),
      { ids: batch.map((c) => c.id) },
    );
  }
  return { vectors, embeddingId, localModel, reembedded: !reuse };
}
