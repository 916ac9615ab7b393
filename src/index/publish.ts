/** Publishes a build: its manifest, records and indexes are written as a new generation, which then becomes current. */
import { randomBytes } from "node:crypto";
import { type GenerationData, readRawRecords, saveIndex, type SegmentData, type StoredIndex } from "./index-store.js";
import { INDEX_FORMAT_VERSION, type FileRecord, type Manifest, type SegmentName } from "./manifest.js";
import type { CorpusState } from "./read-changes.js";
import { compressRecords, mapInFlight, rangesOf } from "./records-file.js";
import type { NextSegments } from "./segments.js";
import type { VectorUpdate } from "./vector-update.js";
import { TEXT_VERSION } from "../text/version.js";
import { type InjectionWarning, injectionWarnings } from "./injection.js";

/**
 * Warnings of the next generation: files read anew are checked, the others keep the previous
 * build's warning, so an update does not run the patterns over every chunk of the corpus again.
 */
function warningsOf(corpus: CorpusState, previous: InjectionWarning[]): InjectionWarning[] {
  const { freshChunks } = corpus;
  const freshDocs = new Set(freshChunks.map((c) => c.docId));
  const fresh = new Map(injectionWarnings(freshChunks).map((w) => [w.relPath, w]));
  const kept = new Map(previous.map((w) => [w.relPath, w]));
  return corpus.files.flatMap(({ record: { docId } }) => (freshDocs.has(docId) ? fresh : kept).get(docId) ?? []);
}

/**
 * The records file of one segment: its files' members in listing order, kept files' members
 * copied as bytes from the previous generation, fresh ones compressed. Sets each file's record
 * (segment and byte range) in `records`.
 */
async function segmentMembers(
  segment: SegmentName,
  corpus: CorpusState,
  segmentOf: SegmentName[],
  records: FileRecord[],
  previous: StoredIndex | undefined,
): Promise<Uint8Array[]> {
  const at = corpus.files.flatMap((_, i) => (segmentOf[i] === segment ? [i] : []));
  const kept = at.filter((i) => corpus.files[i].kept);
  const raw = previous
    ? await readRawRecords(
        previous.dir,
        kept.map((i) => corpus.files[i].kept!),
      )
    : [];
  const rawOf = new Map(kept.map((i, j) => [i, raw[j]]));
  const members = await mapInFlight(at, async (i) => {
    const fresh = corpus.files[i].fresh;
    return fresh ? compressRecords(fresh) : rawOf.get(i)!;
  });
  rangesOf(members).forEach((range, j) => {
    records[at[j]] = { ...corpus.files[at[j]].record, segment, at: range };
  });
  return members;
}

export async function publishGeneration(
  settings: { dataDir: string; corpusDir: string; chunkChars: number },
  corpus: CorpusState,
  segments: NextSegments,
  { vectors, embeddingId, localModel }: VectorUpdate,
  /** The generation this build updated, if any. */
  previous?: StoredIndex,
): Promise<Manifest> {
  const { segmentOf } = segments;
  // A file of a carried base keeps its record there (segment and byte range); the others get theirs as written.
  const records = new Array<FileRecord>(corpus.files.length);
  let base: GenerationData["base"];
  let baseId: string;
  if (segments.base === "carried") {
    baseId = previous!.baseId;
    base = { from: previous!.dir };
    corpus.files.forEach((f, i) => {
      if (segmentOf[i] === "base" && f.kept) records[i] = f.record as FileRecord;
    });
  } else {
    baseId = `base-${Date.now()}-${randomBytes(6).toString("hex")}`;
    base = { members: await segmentMembers("base", corpus, segmentOf, records, previous), lexical: segments.base };
  }
  const delta: SegmentData = {
    members: await segmentMembers("delta", corpus, segmentOf, records, previous),
    lexical: segments.delta,
  };
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    corpusDir: settings.corpusDir,
    embeddingId,
    chunkChars: settings.chunkChars,
    tokenizerVersion: TEXT_VERSION,
    files: records,
    errors: corpus.errors,
    warnings: warningsOf(corpus, previous?.manifest.warnings ?? []),
    baseId,
  };
  await saveIndex(settings.dataDir, { manifest, base, delta, deletions: segments.deletions, vectors, localModel });
  return manifest;
}
