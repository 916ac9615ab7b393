/**
 * Index persistence. Each build is written into a fresh staging directory and published by
 * renaming it to a new generation and then atomically replacing the CURRENT pointer file, so a
 * crash or kill at any moment leaves the previous generation loadable and correct.
 *
 * A generation holds two segments, each with its records file (records-file.ts) and its three
 * BM25 indexes: a base, written by a full build or a merge, and a delta, holding the files read
 * since. Base entries deleted since (files removed or read anew) are listed in deletions.json
 * with what they contributed to the base's statistics (bm25-segmented.ts). An update writes a new
 * delta and deletions and hard-links the base's files into the new generation: generations are
 * never changed once published, so sharing their files is safe, and removing an old generation
 * leaves the files the current one links.
 */
import { randomBytes } from "node:crypto";
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { z } from "zod";
import type { Chunk, ParsedDocument } from "../core/types.js";
import type { Bm25Index, Bm25Search } from "./bm25.js";
import { bm25FileNames, bm25Files, loadBm25 } from "./bm25-file.js";
import { NO_REMOVED, type RemovedStats, SegmentedBm25 } from "./bm25-segmented.js";
import type { HnswVectorStore } from "./hnsw-store.js";
import { writeDurably } from "./durable-files.js";
import type { LocalEmbeddingModel } from "./local-embeddings.js";
import { baseIdOf, type FileRecord, ManifestSchema, type Manifest, NO_VECTORS, type SegmentName } from "./manifest.js";
import { decompressRecords, type FileRecords, mapInFlight, readMembers } from "./records-file.js";

export const LEXICAL_NAMES = ["lexical", "chunkBigrams", "documentLexical"] as const;
export type LexicalName = (typeof LEXICAL_NAMES)[number];

/** The BM25 indexes of one segment, by name. */
export type SegmentLexical = Record<LexicalName, Bm25Index>;

/** Everything one index generation holds, as the service searches it. */
export interface IndexData {
  manifest: Manifest;
  documents: ParsedDocument[];
  chunks: Chunk[];
  lexical: Bm25Search;
  /** BM25 over character bigrams of each chunk's index text. */
  chunkBigrams: Bm25Search;
  /** BM25 over character bigrams of whole documents (title and full text), keyed by docId. */
  documentLexical: Bm25Search;
  /** Absent when the index has no vectors (manifest.embeddingId is NO_VECTORS). */
  vectors?: HnswVectorStore;
  /** Present when the offline embedding built the vectors. */
  localModel?: LocalEmbeddingModel;
}

const RemovedStatsSchema = z.object({
  entries: z.number().int().min(0),
  length: z.number().int().min(0),
  df: z.record(z.string(), z.number().int()),
});

/** The base's files whose entries are no longer live, and what those entries contributed to each index. */
export const DeletionsSchema = z.object({
  files: z.array(z.object({ docId: z.string(), chunks: z.number().int().min(0) })),
  stats: z.object({
    lexical: RemovedStatsSchema,
    chunkBigrams: RemovedStatsSchema,
    documentLexical: RemovedStatsSchema,
  }),
});
export type Deletions = z.infer<typeof DeletionsSchema>;

export const NO_DELETIONS: Deletions = {
  files: [],
  stats: { lexical: NO_REMOVED, chunkBigrams: NO_REMOVED, documentLexical: NO_REMOVED },
};

/** A segment as written: its files' records (gzip members, in the manifest's order of its files) and BM25 indexes. */
export interface SegmentData {
  members: Uint8Array[];
  lexical: SegmentLexical;
}

/** What a build writes. */
export interface GenerationData {
  manifest: Manifest;
  /** The base written anew, or carried over unchanged from a generation directory. */
  base: SegmentData | { from: string };
  delta: SegmentData;
  deletions: Deletions;
  vectors?: HnswVectorStore;
  localModel?: LocalEmbeddingModel;
}

/**
 * The previous generation as an update needs it: the manifest, the delta's BM25 indexes and the
 * deletions. The base's BM25 indexes and any records are read only when asked (a merge, the text
 * of deleted files, vectors); the vectors are loaded only when the embeddings are supplied.
 */
export interface StoredIndex {
  manifest: Manifest;
  dir: string;
  /** The identity of its base segment (baseIdOf), carried into the next generation with the base. */
  baseId: string;
  delta: SegmentLexical;
  deletions: Deletions;
  vectors?: HnswVectorStore;
  localModel?: LocalEmbeddingModel;
}

/** A generation as loaded from disk, with its name, so a holder can tell whether a newer one was published. */
export interface LoadedIndex extends IndexData {
  generation: string;
  /** The identity of its base segment (baseIdOf). */
  baseId: string;
  /** The base segment's BM25 indexes (inside the searched ones), for reuse by the next generation's load. */
  base: SegmentLexical;
  /** "delta" when the base came from the generation in memory and only the rest was read (loadIndex). */
  loaded: "full" | "delta";
}

const CURRENT = "CURRENT";
const DELETIONS = "deletions.json";

export function recordsFileName(segment: SegmentName): string {
  return `${segment}.records.gz`;
}

function lexicalFileNames(segment: SegmentName, name: LexicalName) {
  return bm25FileNames(`${segment}.${name}`);
}

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

async function writeSegment(dir: string, segment: SegmentName, data: SegmentData): Promise<void> {
  const writeBm25 = async (name: LexicalName) => {
    const files = await bm25Files(data.lexical[name]);
    const names = lexicalFileNames(segment, name);
    await writeDurably(path.join(dir, names.json), files.json);
    await writeDurably(path.join(dir, names.bin), files.bin);
  };
  await Promise.all([
    writeDurably(path.join(dir, recordsFileName(segment)), data.members),
    ...LEXICAL_NAMES.map(writeBm25),
  ]);
}

/** The files of a segment, by name in a generation directory. */
function segmentFiles(segment: SegmentName): string[] {
  return [recordsFileName(segment), ...LEXICAL_NAMES.flatMap((name) => Object.values(lexicalFileNames(segment, name)))];
}

/** A segment of a published generation in the staging directory: hard links (copies where links are refused). */
async function carrySegment(from: string, to: string, segment: SegmentName): Promise<void> {
  await Promise.all(
    segmentFiles(segment).map(async (name) => {
      try {
        await link(path.join(from, name), path.join(to, name));
      } catch {
        await copyFile(path.join(from, name), path.join(to, name));
        await syncPath(path.join(to, name));
      }
    }),
  );
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
  await Promise.all([
    "from" in data.base ? carrySegment(data.base.from, staging, "base") : writeSegment(staging, "base", data.base),
    writeSegment(staging, "delta", data.delta),
    writeDurably(path.join(staging, DELETIONS), JSON.stringify(data.deletions)),
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
  await writeDurably(path.join(staging, "manifest.json"), JSON.stringify(data.manifest));
  await syncPath(staging);
  await rename(staging, path.join(root, name));
  const pointerTmp = path.join(root, `${CURRENT}.${name}.tmp`);
  await writeDurably(pointerTmp, name);
  await rename(pointerTmp, path.join(root, CURRENT));
  await syncPath(root);
  await removeStaleGenerations(root, name);
  return path.join(root, name);
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
  return (await currentManifest(dataDir))?.manifest;
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

/** The local model and the vectors of a generation, when it has them and `embeddingsFor` supplies embeddings. */
async function loadVectors(
  dir: string,
  manifest: Manifest,
  embeddingsFor: EmbeddingsFor,
): Promise<Pick<IndexData, "vectors" | "localModel">> {
  const localModel = manifest.embeddingId.startsWith("local-")
    ? (JSON.parse(await readFile(path.join(dir, "local-embedding.json"), "utf8")) as LocalEmbeddingModel)
    : undefined;
  const embeddings = manifest.embeddingId === NO_VECTORS ? undefined : embeddingsFor(manifest, localModel);
  if (!embeddings) return { localModel };
  // Loaded only here: the vector library and its dependencies cost start-up time an index without vectors need not pay.
  const { HnswVectorStore } = await import("./hnsw-store.js");
  return { vectors: await HnswVectorStore.load(path.join(dir, "vectors"), embeddings), localModel };
}

/** The BM25 indexes of one segment of a generation. */
export async function loadSegmentLexical(dir: string, segment: SegmentName): Promise<SegmentLexical> {
  const [lexical, chunkBigrams, documentLexical] = await Promise.all(
    LEXICAL_NAMES.map((name) => loadBm25(dir, `${segment}.${name}`)),
  );
  return { lexical, chunkBigrams, documentLexical };
}

async function loadDeletions(dir: string): Promise<Deletions> {
  return DeletionsSchema.parse(JSON.parse(await readFile(path.join(dir, DELETIONS), "utf8")));
}

/** The ids of the base entries deleted, in an index over chunks or over documents. */
export function deletedIds(deletions: Deletions, over: "chunk" | "document"): string[] {
  if (over === "document") return deletions.files.map((f) => f.docId);
  return deletions.files.flatMap((f) => Array.from({ length: f.chunks }, (_, i) => `${f.docId}#${i}`));
}

/** The docId of a chunk id (`docId#ordinal`, see ingest/chunk.ts). */
export function docIdOfChunk(chunkId: string): string {
  return chunkId.slice(0, chunkId.lastIndexOf("#"));
}

/** The records of these files of a generation, in the order given. */
export async function readFileRecords(dir: string, files: readonly FileRecord[]): Promise<FileRecords[]> {
  const members = await readRawRecords(dir, files);
  return mapInFlight(members, (m) => decompressRecords(m));
}

/** The records of these files of a generation as stored (gzip members), in the order given. */
export async function readRawRecords(dir: string, files: readonly FileRecord[]): Promise<Buffer[]> {
  const out = new Array<Buffer>(files.length);
  for (const segment of ["base", "delta"] as const) {
    const at = files.flatMap((f, i) => (f.segment === segment ? [i] : []));
    const members = await readMembers(
      path.join(dir, recordsFileName(segment)),
      at.map((i) => files[i].at),
    );
    at.forEach((i, j) => (out[i] = members[j]));
  }
  return out;
}

/** The records of these files of a generation (each segment's records file read once), in the order given. */
async function loadRecordsOf(dir: string, files: readonly FileRecord[]): Promise<FileRecords[]> {
  const read = (segment: SegmentName) =>
    files.some((f) => f.segment === segment)
      ? readFile(path.join(dir, recordsFileName(segment)))
      : Promise.resolve(Buffer.alloc(0));
  const [base, delta] = await Promise.all([read("base"), read("delta")]);
  const bytes = { base, delta };
  return mapInFlight(files, async (f) => {
    const [offset, length] = f.at;
    const file = bytes[f.segment];
    if (offset + length > file.byteLength) {
      throw new Error(`${recordsFileName(f.segment)} ends before the records of ${f.relPath}`);
    }
    return decompressRecords(file.subarray(offset, offset + length));
  });
}

/** The searched BM25 indexes of a generation: each its base and delta segments less the deletions. */
function searchedLexical(
  base: SegmentLexical,
  delta: SegmentLexical,
  deletions: Deletions,
): Pick<IndexData, LexicalName> {
  const over = { lexical: "chunk", chunkBigrams: "chunk", documentLexical: "document" } as const;
  const searched = (name: LexicalName) =>
    new SegmentedBm25(
      base[name],
      delta[name],
      deletedIds(deletions, over[name]),
      deletions.stats[name] as RemovedStats,
    );
  return {
    lexical: searched("lexical"),
    chunkBigrams: searched("chunkBigrams"),
    documentLexical: searched("documentLexical"),
  };
}

/**
 * The base files' records of the generation in memory, by docId, when they are the base of the
 * generation `manifest` describes: same base identity and, for each of its base files, the same
 * content and byte range. Undefined when the base changed (a merge, another build) and must be read.
 */
function reusableBaseRecords(
  inMemory: LoadedIndex,
  baseId: string,
  manifest: Manifest,
): Map<string, FileRecords> | undefined {
  if (inMemory.baseId !== baseId) return undefined;
  const held = new Map<string, { file: FileRecord; records: FileRecords }>();
  let next = 0;
  inMemory.manifest.files.forEach((file, i) => {
    const records = { document: inMemory.documents[i], chunks: inMemory.chunks.slice(next, next + file.chunks) };
    next += file.chunks;
    if (file.segment === "base") held.set(file.docId, { file, records });
  });
  const reused = new Map<string, FileRecords>();
  for (const file of manifest.files) {
    if (file.segment !== "base") continue;
    const h = held.get(file.docId);
    if (!h || h.file.contentHash !== file.contentHash || h.file.at.join() !== file.at.join()) return undefined;
    reused.set(file.docId, h.records);
  }
  return reused;
}

/**
 * Load the current generation. `embeddingsFor` supplies the embeddings that match the
 * manifest (the local model needs its fitted IDF, which is stored with the index); the vectors
 * are read only when the index has them and it supplies some.
 *
 * With `inMemory` (the generation the caller holds) whose base segment is the current one's, the
 * base is not read again: its BM25 indexes and the records of its live files are taken from
 * `inMemory`, and only the manifest, the deletions and the delta are read — an update's reload
 * costs the size of the delta. Nothing else of `inMemory` is kept, so it is released once the
 * caller drops it. Otherwise (a merge wrote a new base, or nothing is held) everything is read.
 * Returns undefined when there is no index or it is of another format version.
 */
export async function loadIndex(
  dataDir: string,
  embeddingsFor: EmbeddingsFor,
  inMemory?: LoadedIndex,
): Promise<LoadedIndex | undefined> {
  const current = await currentManifest(dataDir);
  if (!current) return undefined;
  const { gen, dir, manifest } = current;
  const baseId = baseIdOf(manifest, gen);
  const reused = inMemory && reusableBaseRecords(inMemory, baseId, manifest);
  const toRead = reused ? manifest.files.filter((f) => f.segment === "delta") : manifest.files;
  const [deletions, base, delta, read, vectors] = await Promise.all([
    loadDeletions(dir),
    reused ? inMemory!.base : loadSegmentLexical(dir, "base"),
    loadSegmentLexical(dir, "delta"),
    loadRecordsOf(dir, toRead),
    loadVectors(dir, manifest, embeddingsFor),
  ]);
  let next = 0;
  const records = reused
    ? manifest.files.map((f) => (f.segment === "base" ? reused.get(f.docId)! : read[next++]))
    : read;
  return {
    generation: gen,
    baseId,
    base,
    loaded: reused ? "delta" : "full",
    manifest,
    documents: records.map((r) => r.document),
    chunks: records.flatMap((r) => r.chunks),
    ...searchedLexical(base, delta, deletions),
    ...vectors,
  };
}

/**
 * Load the current generation for an update: manifest, deletions and the delta's BM25 indexes
 * (and the vectors when `embeddingsFor` supplies embeddings for them); see StoredIndex.
 */
export async function loadStoredIndex(dataDir: string, embeddingsFor: EmbeddingsFor): Promise<StoredIndex | undefined> {
  const current = await currentManifest(dataDir);
  if (!current) return undefined;
  const { dir, manifest } = current;
  const [deletions, delta, vectors] = await Promise.all([
    loadDeletions(dir),
    loadSegmentLexical(dir, "delta"),
    loadVectors(dir, manifest, embeddingsFor),
  ]);
  return { manifest, dir, baseId: baseIdOf(manifest, current.gen), delta, deletions, ...vectors };
}
