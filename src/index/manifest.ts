/** The index manifest: what built the index, from which files. Validated on load. */
import { z } from "zod";
import { TEXT_VERSION } from "../text/version.js";

/**
 * Bumped when the on-disk layout changes; an index of another version is rebuilt, never misread.
 * 4: BM25 as compact binary postings, records as gzipped JSON Lines, chunk text stored once,
 * vectors optional, a file's chunks counted rather than listed.
 * 5: a base and a delta segment (records a gzip member per file at a recorded byte range, BM25
 * per segment) and the base entries deleted since the base was written.
 */
export const INDEX_FORMAT_VERSION = 5;

/** The segments of a generation: see index-store.ts. */
export const SEGMENTS = ["base", "delta"] as const;
export type SegmentName = (typeof SEGMENTS)[number];

/** The embeddingId of an index without vectors (lexical retrieval only). */
export const NO_VECTORS = "none";

export const FileRecordSchema = z.object({
  relPath: z.string(),
  contentHash: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  docId: z.string(),
  /** Number of chunks of the document (their records are in the generation's chunks file). */
  chunks: z.number().int().min(0),
  /** The segment holding the file's records and BM25 entries. */
  segment: z.enum(SEGMENTS),
  /** The byte offset and length of the file's records (one gzip member) in its segment's records file. */
  at: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
});
export type FileRecord = z.infer<typeof FileRecordSchema>;
/** A file's record before it is written into a segment. */
export type ListedRecord = Omit<FileRecord, "segment" | "at">;

export const FileErrorSchema = z.object({
  relPath: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FileError = z.infer<typeof FileErrorSchema>;

/** A file with chunks that address the assistant (index/injection.ts): indexed, reported, never quoted. */
const IndexWarningSchema = z.object({
  relPath: z.string(),
  chunkIds: z.array(z.string()),
  phrase: z.string(),
});

export const ManifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  builtAt: z.string(),
  corpusDir: z.string(),
  embeddingId: z.string(),
  chunkChars: z.number(),
  tokenizerVersion: z.string(),
  files: z.array(FileRecordSchema),
  errors: z.array(FileErrorSchema),
  /** Absent in indexes built before the check; read as none. */
  warnings: z.array(IndexWarningSchema).optional(),
  /**
   * Names the base segment: a fresh id when a build or a merge writes a base, carried over by
   * the updates that carry the base. A holder of a generation in memory reuses its base for the
   * next generation when the ids match (index-store.ts). Absent in indexes written before it:
   * then the generation's own name stands for it (baseIdOf).
   */
  baseId: z.string().optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * Whether an index was built by this code with these settings. One that was not (older layout,
 * other chunk size, other tokenizer) is rebuilt from the corpus, never reused or updated.
 */
export function builtWithCurrentSettings(manifest: Manifest, chunkChars: number): boolean {
  return (
    manifest.formatVersion === INDEX_FORMAT_VERSION &&
    manifest.chunkChars === chunkChars &&
    manifest.tokenizerVersion === TEXT_VERSION
  );
}

/** The identity of a generation's base segment (see Manifest.baseId). */
export function baseIdOf(manifest: Manifest, generation: string): string {
  return manifest.baseId ?? generation;
}
