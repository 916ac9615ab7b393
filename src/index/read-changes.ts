/**
 * Reads what changed in the corpus: new and touched files are read, parsed and chunked;
 * unchanged ones keep their previous documents and chunks unread. Files that cannot be read
 * get an error report each, and the rest is indexed.
 */
import { readFile } from "node:fs/promises";
import type { Chunk, ParsedDocument } from "../core/types.js";
import { chunkDocument } from "../ingest/chunk.js";
import { IngestError } from "../ingest/errors.js";
import { contentHashOf, parseFileBytes } from "../ingest/load-file.js";
import { type CorpusChanges, contentChanged, restamped } from "./changes.js";
import type { IndexData } from "./index-store.js";
import type { FileError, FileRecord } from "./manifest.js";

export interface IndexProgress {
  done: number;
  total: number;
  relPath: string;
}

/** The files, documents and chunks of the next generation, in listing order. */
export interface CorpusState {
  records: FileRecord[];
  documents: ParsedDocument[];
  chunks: Chunk[];
  /** Chunks read in this build (from new or changed files); all others were kept from the previous index. */
  freshChunkIds: Set<string>;
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
  previous: IndexData | undefined,
  opts: { chunkChars: number; onProgress?: (p: IndexProgress) => void },
): Promise<CorpusState> {
  const prevDocs = new Map(previous?.documents.map((d) => [d.docId, d]));
  const prevChunks = new Map<string, Chunk[]>();
  for (const c of previous?.chunks ?? []) {
    const list = prevChunks.get(c.docId);
    if (list) list.push(c);
    else prevChunks.set(c.docId, [c]);
  }
  const state: CorpusState = {
    records: [],
    documents: [],
    chunks: [],
    freshChunkIds: new Set(),
    errors: [],
    counts: { added: 0, changed: 0, unchanged: 0 },
  };
  const { records, documents, chunks, freshChunkIds, errors, counts } = state;

  const keepPrevious = (prev: FileRecord) => {
    records.push(prev);
    documents.push(prevDocs.get(prev.docId)!);
    for (const c of prevChunks.get(prev.docId) ?? []) chunks.push(c);
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
      const doc = await parseFileBytes(file.relPath, bytes);
      const docChunks = chunkDocument(doc, { maxChars: opts.chunkChars });
      records.push({ ...file, contentHash, docId: doc.docId, chunks: docChunks.length });
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
  opts.onProgress?.({ done: total, total, relPath: "" });
  return state;
}
