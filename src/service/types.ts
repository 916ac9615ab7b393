/**
 * What the knowledge base tells the rest of the service about the index in use: plain data,
 * shaped as the HTTP routes send it (key order included), so no caller reaches into the index.
 */
import type { Chunk, DocKind, DocMeta, Heading, LawLevel, ParsedDocument } from "../core/types.js";

/** One row of the documents list. */
export interface DocumentSummary {
  docId: string;
  /** The file's path relative to the corpus folder; equal to docId. */
  relPath: string;
  title: string;
  kind: DocKind;
  issuer?: string;
  date?: string;
  docNumber?: string;
  effectiveDate?: string;
  expiryDate?: string;
  repealed?: boolean;
  /** Chunks the document was split into. */
  chunks: number;
  /** Characters of extracted text. */
  chars: number;
  /** A law, regulation or judicial interpretation: listed once, with all its versions. */
  law?: LawSummary;
}

/** A law in the documents list: its level and its dated versions, the one in force marked. */
export interface LawSummary {
  name: string;
  level: LawLevel;
  /** 法律, 行政法规, 地方性法规 … */
  levelName: string;
  versions: Array<{ docId: string; date?: string; effectiveDate?: string; current: boolean }>;
}

/** One document in full: its text, its sections and the spans of its chunks. */
export interface DocumentDetail {
  docId: string;
  meta: DocMeta;
  text: string;
  sections: Array<{ start: number; end: number; path: Heading[]; section: string }>;
  chunks: Array<{ id: string; ordinal: number; start: number; end: number; section: string }>;
}

/** A file the last build could not index, with why. */
export interface IndexedFileError {
  relPath: string;
  code: string;
  message: string;
}

/** Whether questions can be answered, and the facts of the index in use once they can. */
export type KnowledgeBaseStatus =
  | { ready: false }
  | {
      ready: true;
      documents: number;
      chunks: number;
      embeddingId: string;
      chunkChars: number;
      /** When the index in use was built (ISO). */
      builtAt: string;
      /** Per-file errors recorded in the index in use. */
      errors: IndexedFileError[];
      /**
       * Milliseconds (wall clock) the service's thread took to load the index in use from disk
       * (reading, parsing, building the search structures), its reads interleaved with requests:
       * the part of a re-index that is not in the worker.
       */
      loadMs?: number;
      /**
       * How the index in use was loaded: "full", or "delta" when an update's generation kept the
       * base segment already in memory and only the rest was read (index-store.ts loadIndex).
       */
      loaded: "full" | "delta";
    };

/** A document as parsed and indexed, with its chunks: what gold answers of an evaluation are checked against. */
export interface IndexedDocument {
  document: ParsedDocument;
  chunks: Chunk[];
}
