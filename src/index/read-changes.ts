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
import { chunkFromStored, type StoredIndex } from "./index-store.js";
import type { FileError, FileRecord } from "./manifest.js";

export interface IndexProgress {
  done: number;
  total: number;
  relPath: string;
}

/** One file of the next generation: read anew in this build, or kept from the previous one. */
export interface FileEntry {
  record: FileRecord;
  /** Read in this build (a new or changed file): its document and chunks. */
  fresh?: { document: ParsedDocument; chunks: Chunk[] };
  /** Kept from the previous generation: its document and chunks as stored there, unparsed. */
  stored?: { document: Uint8Array; chunks: Uint8Array[] };
}

/** The files, documents and chunks of the next generation, in listing order. */
export interface CorpusState {
  files: FileEntry[];
  /** Chunks read in this build (from new or changed files), in order; all others were kept from the previous index. */
  freshChunks: Chunk[];
  freshChunkIds: Set<string>;
  /** Ids of the previous generation's chunks and documents that are not kept: their files were removed or read anew. */
  dropped: { chunkIds: Set<string>; docIds: Set<string> };
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

/** The previous generation's stored lines of each file, by docId. */
function storedByDocId(previous: StoredIndex | undefined): Map<string, FileEntry["stored"] & {}> {
  const byDocId = new Map<string, FileEntry["stored"] & {}>();
  if (!previous) return byDocId;
  let next = 0;
  previous.manifest.files.forEach((record, i) => {
    byDocId.set(record.docId, {
      document: previous.documents[i],
      chunks: previous.chunks.slice(next, next + record.chunks),
    });
    next += record.chunks;
  });
  return byDocId;
}

function chunkIdOf(line: Uint8Array): string {
  return (JSON.parse(Buffer.from(line).toString("utf8")) as { id: string }).id;
}

export async function readChanges(
  changes: CorpusChanges,
  previous: StoredIndex | undefined,
  opts: { chunkChars: number; onProgress?: (p: IndexProgress) => void },
): Promise<CorpusState> {
  const stored = storedByDocId(previous);
  const state: CorpusState = {
    files: [],
    freshChunks: [],
    freshChunkIds: new Set(),
    dropped: { chunkIds: new Set(), docIds: new Set() },
    documentCount: 0,
    chunkCount: 0,
    errors: [],
    counts: { added: 0, changed: 0, unchanged: 0 },
  };
  const { files, freshChunks, freshChunkIds, dropped, errors, counts } = state;

  const keepPrevious = (record: FileRecord) => {
    files.push({ record, stored: stored.get(record.docId)! });
    state.chunkCount += record.chunks;
  };
  const dropPrevious = (record: FileRecord) => {
    dropped.docIds.add(record.docId);
    for (const line of stored.get(record.docId)!.chunks) dropped.chunkIds.add(chunkIdOf(line));
  };

  for (const record of changes.removed) dropPrevious(record);
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
      if (prev) dropPrevious(prev);
      files.push({
        record: { ...file, contentHash, docId: document.docId, chunks: docChunks.length },
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

/** Every document and chunk of the next generation, parsed (what vectors need; lexical updates do not). */
export function materialise(corpus: CorpusState): { documents: ParsedDocument[]; chunks: Chunk[] } {
  const documents: ParsedDocument[] = [];
  const chunks: Chunk[] = [];
  for (const { fresh, stored } of corpus.files) {
    if (fresh) {
      documents.push(fresh.document);
      chunks.push(...fresh.chunks);
      continue;
    }
    const document = JSON.parse(Buffer.from(stored!.document).toString("utf8")) as ParsedDocument;
    documents.push(document);
    for (const line of stored!.chunks) chunks.push(chunkFromStored(line, document.text));
  }
  return { documents, chunks };
}
