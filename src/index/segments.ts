/**
 * Plans and builds the segments of the next generation (see index-store.ts). An update puts the
 * files it read into the delta, rebuilt from the previous delta, and adds the base files it
 * dropped to the deletions: the base is carried over unread. When the delta and the deletions
 * together outgrow a share of the base, the update is a merge instead: one new base of every
 * live file, an empty delta, no deletions. Without a previous generation the build is a merge
 * of nothing.
 */
import type { Tokenizer } from "../text/tokenize.js";
import {
  type Deletions,
  loadSegmentLexical,
  NO_DELETIONS,
  readFileRecords,
  type SegmentLexical,
  type StoredIndex,
} from "./index-store.js";
import { buildSegmentLexical, type CarriedSegment, emptySegmentLexical, withDeleted } from "./lexical-update.js";
import type { SegmentName } from "./manifest.js";
import type { CorpusState, FileEntry } from "./read-changes.js";

/**
 * Merge when the delta's entries and the deleted base entries exceed this share of the base's.
 * Below it an update costs about the size of the delta; a merge costs about a full build's
 * BM25 and records writing (without parsing or tokenizing), once every many updates.
 */
export const MERGE_SHARE = 0.1;

export interface NextSegments {
  /** The segment of each file of the next generation (by its index in corpus.files). */
  segmentOf: SegmentName[];
  /** The base's BM25 indexes built anew, or carried over unchanged from the previous generation. */
  base: SegmentLexical | "carried";
  delta: SegmentLexical;
  deletions: Deletions;
}

/** Chunks and documents of files: the entries their BM25 indexes hold. */
function sizeOf(files: ReadonlyArray<{ chunks: number }>): { chunks: number; documents: number } {
  return { chunks: files.reduce((n, f) => n + f.chunks, 0), documents: files.length };
}

const entries = (size: { chunks: number; documents: number }) => size.chunks + size.documents;

function keptIn(files: readonly FileEntry[], segment: SegmentName): Set<string> {
  return new Set(files.flatMap((f) => (f.kept?.segment === segment ? [f.kept.docId] : [])));
}

/** Whether the next generation's delta and deletions would outgrow MERGE_SHARE of its base. */
function mergeDue(previous: StoredIndex, corpus: CorpusState): boolean {
  const baseFiles = previous.manifest.files.filter((f) => f.segment === "base");
  const base = entries(sizeOf(baseFiles)) + entries(sizeOf(previous.deletions.files));
  const deleted = [...previous.deletions.files, ...corpus.dropped.filter((r) => r.segment === "base")];
  const delta = corpus.files.filter((f) => !f.kept || f.kept.segment === "delta").map((f) => f.record);
  return entries(sizeOf(deleted)) + entries(sizeOf(delta)) > MERGE_SHARE * base;
}

export async function nextSegments(
  tokenizer: Tokenizer,
  previous: StoredIndex | undefined,
  corpus: CorpusState,
): Promise<NextSegments> {
  const { files } = corpus;
  const fresh = files.flatMap((f) => (f.fresh ? [f.fresh] : []));
  const records = files.map((f) => f.record);
  if (!previous || mergeDue(previous, corpus)) {
    const carried: CarriedSegment[] = previous
      ? [
          { lexical: await loadSegmentLexical(previous.dir, "base"), keep: keptIn(files, "base") },
          { lexical: previous.delta, keep: keptIn(files, "delta") },
        ]
      : [];
    return {
      segmentOf: files.map(() => "base"),
      base: buildSegmentLexical(tokenizer, carried, fresh, sizeOf(records)),
      delta: emptySegmentLexical(tokenizer),
      deletions: NO_DELETIONS,
    };
  }
  const segmentOf = files.map((f): SegmentName => f.kept?.segment ?? "delta");
  const inDelta = records.filter((_, i) => segmentOf[i] === "delta");
  const deletedBase = corpus.dropped.filter((r) => r.segment === "base");
  return {
    segmentOf,
    base: "carried",
    delta: buildSegmentLexical(
      tokenizer,
      [{ lexical: previous.delta, keep: keptIn(files, "delta") }],
      fresh,
      sizeOf(inDelta),
    ),
    deletions: withDeleted(tokenizer, previous.deletions, await readFileRecords(previous.dir, deletedBase)),
  };
}
