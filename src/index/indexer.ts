/**
 * Builds or updates the index from the corpus folder. Incremental: files whose size and
 * modification time (or else content hash) are unchanged are not re-read; removed files are
 * dropped; a change of chunking, tokenizer or embedding rebuilds what depends on it.
 */
import { readFile } from "node:fs/promises";
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Chunk, ParsedDocument } from "../core/types.js";
import { chunkDocument } from "../ingest/chunk.js";
import { IngestError } from "../ingest/errors.js";
import { type CorpusFile, listCorpusFiles } from "../corpus/list-files.js";
import { contentHashOf, parseFileBytes } from "../ingest/load-file.js";
import { BIGRAM_BM25, Bm25Index } from "./bm25.js";
import { HnswVectorStore } from "./hnsw-store.js";
import { type IndexData, loadIndex, loadManifest, removeLeftovers, saveIndex } from "./index-store.js";
import { chunkIndexText } from "./index-text.js";
import { DEFAULT_LOCAL_DIM, fitLocalEmbeddingModel, localEmbeddingIdPrefix, type LocalEmbeddingModel, LocalNgramEmbeddings } from "./local-embeddings.js";
import { builtWithCurrentSettings, INDEX_FORMAT_VERSION, type FileError, type FileRecord, type Manifest } from "./manifest.js";
import { characterBigrams, type Tokenizer } from "../text/tokenize.js";
import { TEXT_VERSION } from "../text/version.js";

/** Which embedding builds the vectors: the offline one, or a configured endpoint. */
export type EmbeddingChoice =
  | { kind: "local"; dim?: number }
  | { kind: "remote"; id: string; embeddings: EmbeddingsInterface };

export interface IndexProgress {
  done: number;
  total: number;
  relPath: string;
}

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

function describeError(relPath: string, err: unknown): FileError {
  if (err instanceof IngestError) return { relPath, code: err.code, message: err.message };
  const detail = err instanceof Error ? err.message : String(err);
  return { relPath, code: "UNREADABLE", message: `无法读取该文件：${detail}` };
}

/**
 * Whether the published index already reflects the corpus: same settings and embedding, no
 * file errors to retry, and every file with the size and modification time it was read with.
 * Then nothing needs loading or writing.
 */
function upToDate(manifest: Manifest | undefined, files: CorpusFile[], opts: IndexerOptions): manifest is Manifest {
  if (!manifest || opts.rebuild || manifest.errors.length > 0) return false;
  if (!builtWithCurrentSettings(manifest, opts.chunkChars)) return false;
  const embedding = opts.embedding;
  const sameEmbedding =
    embedding.kind === "remote"
      ? manifest.embeddingId === embedding.id
      : manifest.embeddingId.startsWith(localEmbeddingIdPrefix(embedding.dim));
  if (!sameEmbedding || manifest.files.length !== files.length) return false;
  const recorded = new Map(manifest.files.map((f) => [f.relPath, f]));
  return files.every((f) => {
    const r = recorded.get(f.relPath);
    return r !== undefined && r.size === f.size && r.mtimeMs === f.mtimeMs;
  });
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
  const prevRecords = new Map(previous?.manifest.files.map((f) => [f.relPath, f]));
  const prevDocs = new Map(previous?.documents.map((d) => [d.docId, d]));
  const prevChunks = new Map(previous?.chunks.map((c) => [c.id, c]));

  const files = listed;
  const records: FileRecord[] = [];
  const documents: ParsedDocument[] = [];
  const chunks: Chunk[] = [];
  const freshChunkIds = new Set<string>();
  const errors: FileError[] = [];
  const counts = { added: 0, changed: 0, unchanged: 0 };

  const keepPrevious = (prev: FileRecord) => {
    records.push(prev);
    documents.push(prevDocs.get(prev.docId)!);
    for (const id of prev.chunkIds) chunks.push(prevChunks.get(id)!);
  };

  for (const [i, file] of files.entries()) {
    opts.onProgress?.({ done: i, total: files.length, relPath: file.relPath });
    const prev = prevRecords.get(file.relPath);
    if (prev && prev.size === file.size && prev.mtimeMs === file.mtimeMs) {
      keepPrevious(prev);
      counts.unchanged++;
      continue;
    }
    try {
      // One read: the hash and the parsed text always belong to the same version of the file.
      const bytes = await readFile(file.absPath);
      const contentHash = contentHashOf(bytes);
      if (prev && prev.contentHash === contentHash) {
        keepPrevious({ ...prev, size: file.size, mtimeMs: file.mtimeMs });
        counts.unchanged++;
        continue;
      }
      const doc = await parseFileBytes(file.relPath, bytes);
      const docChunks = chunkDocument(doc, { maxChars: opts.chunkChars });
      records.push({ ...file, contentHash, docId: doc.docId, chunkIds: docChunks.map((c) => c.id) });
      documents.push(doc);
      for (const c of docChunks) {
        chunks.push(c);
        freshChunkIds.add(c.id);
      }
      counts[prev ? "changed" : "added"]++;
    } catch (err) {
      errors.push(describeError(file.relPath, err));
      // A file that became unreadable keeps its last good version rather than vanishing.
      if (prev) keepPrevious(prev);
    }
  }
  opts.onProgress?.({ done: files.length, total: files.length, relPath: "" });
  const present = new Set(files.map((f) => f.relPath));
  const removed = [...prevRecords.keys()].filter((p) => !present.has(p)).length;

  const metaOf = new Map(documents.map((d) => [d.docId, d.meta]));
  const indexText = (c: Chunk) => chunkIndexText(c, metaOf.get(c.docId)!);

  const lexical = previous?.lexical ?? new Bm25Index();
  const liveIds = new Set(chunks.map((c) => c.id));
  for (const id of prevChunks.keys()) if (!liveIds.has(id) || freshChunkIds.has(id)) lexical.remove(id);
  for (const c of chunks) if (freshChunkIds.has(c.id) || !lexical.has(c.id)) lexical.add(c.id, opts.tokenizer(indexText(c)));
  // Passages by character bigrams, and whole documents by bigrams: a question names the region
  // or agency, which a document states once near its top while the answering passage is below.
  const chunkBigrams = previous?.chunkBigrams ?? new Bm25Index(BIGRAM_BM25);
  for (const id of prevChunks.keys()) if (!liveIds.has(id) || freshChunkIds.has(id)) chunkBigrams.remove(id);
  for (const c of chunks) if (freshChunkIds.has(c.id) || !chunkBigrams.has(c.id)) chunkBigrams.add(c.id, characterBigrams(indexText(c)));
  const documentLexical = previous?.documentLexical ?? new Bm25Index(BIGRAM_BM25);
  const freshDocIds = new Set(chunks.filter((c) => freshChunkIds.has(c.id)).map((c) => c.docId));
  const liveDocIds = new Set(documents.map((d) => d.docId));
  for (const d of prevDocs.keys()) if (!liveDocIds.has(d) || freshDocIds.has(d)) documentLexical.remove(d);
  for (const d of documents) {
    if (freshDocIds.has(d.docId) || !documentLexical.has(d.docId)) documentLexical.add(d.docId, characterBigrams(`${d.meta.title}\n${d.text}`));
  }

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
