/**
 * Index persistence. Each build is written into a fresh staging directory and published by
 * renaming it to a new generation and then atomically replacing the CURRENT pointer file, so a
 * crash or kill at any moment leaves the previous generation loadable and correct.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Chunk, ParsedDocument } from "../core/types.js";
import type { Bm25Index } from "./bm25.js";
import { bm25FileNames, bm25Files, loadBm25 } from "./bm25-file.js";
import { HnswVectorStore } from "./hnsw-store.js";
import { readJsonLines, readStoredLines, writeDurably, writeJsonLinesDurably } from "./durable-files.js";
import type { LocalEmbeddingModel } from "./local-embeddings.js";
import { ManifestSchema, type Manifest, NO_VECTORS } from "./manifest.js";

/** Everything one index generation holds. */
export interface IndexData {
  manifest: Manifest;
  documents: ParsedDocument[];
  chunks: Chunk[];
  lexical: Bm25Index;
  /** BM25 over character bigrams of each chunk's index text. */
  chunkBigrams: Bm25Index;
  /** BM25 over character bigrams of whole documents (title and full text), keyed by docId. */
  documentLexical: Bm25Index;
  /** Absent when the index has no vectors (manifest.embeddingId is NO_VECTORS). */
  vectors?: HnswVectorStore;
  /** Present when the offline embedding built the vectors. */
  localModel?: LocalEmbeddingModel;
}

/**
 * What a build writes: as IndexData, but a document or chunk may be given as its line in the
 * previous generation's file (bytes), carried over unparsed.
 */
export interface GenerationData extends Omit<IndexData, "documents" | "chunks"> {
  documents: Iterable<ParsedDocument | Uint8Array>;
  chunks: Iterable<Chunk | Uint8Array>;
}

/**
 * The previous generation as an update needs it: manifest, BM25 indexes and vectors loaded, but
 * documents and chunks as their stored lines, unparsed. Line i of `documents` is the document of
 * manifest.files[i], and the chunk lines are those files' chunks, file after file (a file's
 * record counts them).
 */
export interface StoredIndex extends Omit<IndexData, "documents" | "chunks"> {
  documents: Buffer[];
  chunks: Buffer[];
}

/** A generation as loaded from disk, with its name, so a holder can tell whether a newer one was published. */
export interface LoadedIndex extends IndexData {
  generation: string;
}

const CURRENT = "CURRENT";
const LEXICAL_NAMES = ["lexical", "chunkBigrams", "documentLexical"] as const;

function indexRoot(dataDir: string): string {
  return path.join(dataDir, "index");
}

/** fsync an existing file or directory (hnswlib writes its own files, without syncing them). */
async function syncPath(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A chunk as stored: the whole record but its text, which is exactly its document's text at
 * [start, end) and is restored from it on load (the text is on disk once, not twice).
 */
function storedChunk(chunk: Chunk | Uint8Array): Omit<Chunk, "text"> | Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  const { text: _text, ...record } = chunk;
  return record;
}

/** A chunk from its stored line and its document's text. */
export function chunkFromStored(line: Uint8Array | Omit<Chunk, "text">, documentText: string): Chunk {
  const c = line instanceof Uint8Array ? (JSON.parse(Buffer.from(line).toString("utf8")) as Omit<Chunk, "text">) : line;
  return { ...c, text: documentText.slice(c.start, c.end) };
}

/** Write a new generation and make it current. Returns the generation's directory. */
export async function saveIndex(dataDir: string, data: GenerationData): Promise<string> {
  const root = indexRoot(dataDir);
  await mkdir(root, { recursive: true });
  const name = `gen-${Date.now()}-${randomBytes(4).toString("hex")}`;
  const staging = path.join(root, `.staging-${name}`);
  await mkdir(staging, { recursive: true });
  // The files are independent: written side by side, so compression (on libuv's threads) and
  // syncing of one overlap the serialisation of another. All are synced before the manifest.
  const writeBm25 = async (key: (typeof LEXICAL_NAMES)[number]) => {
    const files = await bm25Files(data[key]);
    const names = bm25FileNames(key);
    await writeDurably(path.join(staging, names.json), files.json);
    await writeDurably(path.join(staging, names.bin), files.bin);
  };
  await Promise.all([
    writeJsonLinesDurably(path.join(staging, "documents.jsonl.gz"), data.documents),
    writeJsonLinesDurably(path.join(staging, "chunks.jsonl.gz"), mapped(data.chunks, storedChunk)),
    ...LEXICAL_NAMES.map(writeBm25),
  ]);
  if (data.localModel) {
    await writeDurably(path.join(staging, "local-embedding.json"), JSON.stringify(data.localModel));
  }
  if (data.vectors) {
    const vectorsDir = path.join(staging, "vectors");
    await mkdir(vectorsDir);
    await data.vectors.save(vectorsDir);
    for (const file of await readdir(vectorsDir)) await syncPath(path.join(vectorsDir, file));
    await syncPath(vectorsDir);
  }
  // The manifest goes last: a generation directory without one is never loaded.
  await writeDurably(path.join(staging, "manifest.json"), JSON.stringify(data.manifest, null, 2));
  await syncPath(staging);
  await rename(staging, path.join(root, name));
  const pointerTmp = path.join(root, `${CURRENT}.${name}.tmp`);
  await writeDurably(pointerTmp, name);
  await rename(pointerTmp, path.join(root, CURRENT));
  await syncPath(root);
  await removeStaleGenerations(root, name);
  return path.join(root, name);
}

function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** Drop generations other than `keep`, and staging directories left by killed builds. */
async function removeStaleGenerations(root: string, keep: string): Promise<void> {
  for (const entry of await readdir(root)) {
    if (entry === keep || entry === CURRENT) continue;
    if (entry.startsWith("gen-") || entry.startsWith(".staging-") || entry.endsWith(".tmp")) {
      await rm(path.join(root, entry), { recursive: true, force: true });
    }
  }
}

/** Remove what killed builds and superseded generations left behind, keeping the current generation. */
export async function removeLeftovers(dataDir: string): Promise<void> {
  const gen = await currentGeneration(dataDir);
  if (gen) await removeStaleGenerations(indexRoot(dataDir), gen);
}

/** Name of the current generation, or undefined when no index was ever published. */
export async function currentGeneration(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(indexRoot(dataDir), CURRENT), "utf8")).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Read only the manifest of the current generation (cheap; used to plan an incremental build). */
export async function loadManifest(dataDir: string): Promise<Manifest | undefined> {
  const gen = await currentGeneration(dataDir);
  if (!gen) return undefined;
  const raw = JSON.parse(await readFile(path.join(indexRoot(dataDir), gen, "manifest.json"), "utf8"));
  const parsed = ManifestSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The current generation's directory and manifest, unless there is none or it is of another format version. */
async function currentManifest(dataDir: string): Promise<{ gen: string; dir: string; manifest: Manifest } | undefined> {
  const gen = await currentGeneration(dataDir);
  if (!gen) return undefined;
  const dir = path.join(indexRoot(dataDir), gen);
  const parsed = ManifestSchema.safeParse(JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")));
  return parsed.success ? { gen, dir, manifest: parsed.data } : undefined;
}

type EmbeddingsFor = (manifest: Manifest, localModel?: LocalEmbeddingModel) => EmbeddingsInterface | undefined;

/** Everything of a generation but its documents and chunks. */
async function loadIndexes(
  dir: string,
  manifest: Manifest,
  embeddingsFor: EmbeddingsFor,
): Promise<Omit<IndexData, "manifest" | "documents" | "chunks">> {
  const localModel = manifest.embeddingId.startsWith("local-")
    ? (JSON.parse(await readFile(path.join(dir, "local-embedding.json"), "utf8")) as LocalEmbeddingModel)
    : undefined;
  const embeddings = manifest.embeddingId === NO_VECTORS ? undefined : embeddingsFor(manifest, localModel);
  const [lexical, chunkBigrams, documentLexical] = await Promise.all(LEXICAL_NAMES.map((name) => loadBm25(dir, name)));
  return {
    lexical,
    chunkBigrams,
    documentLexical,
    vectors: embeddings && (await HnswVectorStore.load(path.join(dir, "vectors"), embeddings)),
    localModel,
  };
}

/**
 * Load the current generation. `embeddingsFor` supplies the embeddings that match the
 * manifest (the local model needs its fitted IDF, which is stored with the index); the vectors
 * are read only when the index has them and it supplies some.
 * Returns undefined when there is no index or it is of another format version.
 */
export async function loadIndex(dataDir: string, embeddingsFor: EmbeddingsFor): Promise<LoadedIndex | undefined> {
  const current = await currentManifest(dataDir);
  if (!current) return undefined;
  const { gen, dir, manifest } = current;
  const indexes = await loadIndexes(dir, manifest, embeddingsFor);
  const documents = await readJsonLines<ParsedDocument>(path.join(dir, "documents.jsonl.gz"));
  const textOf = new Map(documents.map((d) => [d.docId, d.text]));
  const chunks = (await readJsonLines<Omit<Chunk, "text">>(path.join(dir, "chunks.jsonl.gz"))).map((c) =>
    chunkFromStored(c, textOf.get(c.docId)!),
  );
  return { generation: gen, manifest, documents, chunks, ...indexes };
}

/**
 * Load the current generation for an update: as loadIndex, but documents and chunks as their
 * stored lines. Returns undefined also when the number of lines does not match the manifest's
 * files (then the caller builds from scratch rather than pair lines with the wrong files).
 */
export async function loadStoredIndex(dataDir: string, embeddingsFor: EmbeddingsFor): Promise<StoredIndex | undefined> {
  const current = await currentManifest(dataDir);
  if (!current) return undefined;
  const { dir, manifest } = current;
  // Read side by side: decompression runs on libuv's threads while the BM25 headers are parsed.
  const [documents, chunks, indexes] = await Promise.all([
    readStoredLines(path.join(dir, "documents.jsonl.gz")),
    readStoredLines(path.join(dir, "chunks.jsonl.gz")),
    loadIndexes(dir, manifest, embeddingsFor),
  ]);
  const chunkCount = manifest.files.reduce((n, f) => n + f.chunks, 0);
  if (documents.length !== manifest.files.length || chunks.length !== chunkCount) return undefined;
  return { manifest, documents, chunks, ...indexes };
}
