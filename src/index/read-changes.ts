/**
 * Reads what changed in the corpus: new and touched files are read, parsed and chunked;
 * unchanged ones keep their previous records unread. Files that cannot be read get an error
 * report each, and the rest is indexed.
 */
import { readFile } from "node:fs/promises";
import type { Chunk } from "../core/types.js";
import { chunkDocument } from "../ingest/chunk.js";
import { IngestError } from "../ingest/errors.js";
import { contentHashOf, parseFileBytes } from "../ingest/load-file.js";
import { type CorpusChanges, contentChanged, restamped } from "./changes.js";
import type { FileError, FileRecord, ListedRecord } from "./manifest.js";
import type { FileRecords } from "./records-file.js";

export interface IndexProgress {
  done: number;
  total: number;
  relPath: string;
}

/** One file of the next generation: read anew in this build, or kept from the previous one. */
export type FileEntry =
  /** Read in this build (a new or changed file): its record before it is written, document and chunks. */
  | { record: ListedRecord; fresh: FileRecords; kept?: undefined }
  /** Kept from the previous generation, unread: its record there (segment and byte range included). */
  | { record: FileRecord; kept: FileRecord; fresh?: undefined };

/** The files, documents and chunks of the next generation, in listing order. */
export interface CorpusState {
  files: FileEntry[];
  /** Chunks read in this build (from new or changed files), in order; all others were kept from the previous index. */
  freshChunks: Chunk[];
  freshChunkIds: Set<string>;
  /** Records of the previous generation that are not kept: their files were removed or read anew. */
  dropped: FileRecord[];
  documentCount: number;
  chunkCount: number;
  errors: FileError[];
  counts: { added: number; changed: number; unchanged: number };
}

function describeError(relPath: string, err: unknown): FileError {
  if (err instanceof IngestError) return { relPath, code: err.code, message: err.message };
  const detail = err instanceof Error ? err.message : String(err);
  return { relPath, code: "UNREADABLE", message: `无法读取该文件：${detail}` };
}

export async function readChanges(
  changes: CorpusChanges,
  opts: { chunkChars: number; onProgress?: (p: IndexProgress) => void },
): Promise<CorpusState> {
  const state: CorpusState = {
    files: [],
    freshChunks: [],
    freshChunkIds: new Set(),
    dropped: [...changes.removed],
    documentCount: 0,
    chunkCount: 0,
    errors: [],
    counts: { added: 0, changed: 0, unchanged: 0 },
  };
  const { files, freshChunks, freshChunkIds, dropped, errors, counts } = state;

  const keepPrevious = (record: FileRecord) => {
    files.push({ record, kept: record });
    state.chunkCount += record.chunks;
  };

  const total = changes.files.length;
  for (const [i, change] of changes.files.entries()) {
    const { file } = change;
    opts.onProgress?.({ done: i, total, relPath: file.relPath });
    if (change.kind === "unchanged") {
      keepPrevious(change.previous);
      counts.unchanged++;
      continue;
    }
    const prev = change.kind === "touched" ? change.previous : undefined;
    try {
      // One read: the hash and the parsed text always belong to the same version of the file.
      const bytes = await readFile(file.absPath);
      const contentHash = contentHashOf(bytes);
      if (prev && !contentChanged(prev, contentHash)) {
        keepPrevious(restamped(prev, file));
        counts.unchanged++;
        continue;
      }
      const document = await parseFileBytes(file.relPath, bytes);
      const docChunks = chunkDocument(document, { maxChars: opts.chunkChars });
      if (prev) dropped.push(prev);
      const { relPath, size, mtimeMs } = file;
      files.push({
        record: { relPath, size, mtimeMs, contentHash, docId: document.docId, chunks: docChunks.length },
        fresh: { document, chunks: docChunks },
      });
      state.chunkCount += docChunks.length;
      for (const c of docChunks) {
        freshChunks.push(c);
        freshChunkIds.add(c.id);
      }
      counts[prev ? "changed" : "added"]++;
    } catch (err) {
      errors.push(describeError(file.relPath, err));
      // A file that became unreadable keeps its last good version rather than vanishing.
      if (prev) keepPrevious(prev);
    }
  }
  state.documentCount = files.length;
  opts.onProgress?.({ done: total, total, relPath: "" });
  return state;
}
