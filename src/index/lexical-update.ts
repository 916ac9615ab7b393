/**
 * Builds the BM25 indexes of a generation's segments (index-store.ts). Each index is described
 * by a spec (what it is keyed by, which tokens an entry is indexed under), and one function
 * builds a segment of them all: entries carried over from previous segments by id (those of
 * files not kept are dropped), then the entries of files read in this build. The indexes are
 * built one after another and each entry's tokens are dropped once counted, so a build holds the
 * postings of one index being built, never the tokens of the corpus.
 */
import type { Chunk, ParsedDocument } from "../core/types.js";
import { characterBigrams, type Tokenizer } from "../text/tokenize.js";
import { BIGRAM_BM25, type Bm25Params, DEFAULT_BM25 } from "./bm25.js";
import { Bm25Builder } from "./bm25-builder.js";
import { addStats, type RemovedStats, statsOf } from "./bm25-segmented.js";
import { type Deletions, docIdOfChunk, type LexicalName, type SegmentLexical } from "./index-store.js";
import { chunkIndexText } from "./index-text.js";
import type { FileRecords } from "./records-file.js";

interface LexicalSpec {
  name: LexicalName;
  params: Bm25Params;
  /** Whether an entry is a passage (keyed by chunk id) or a whole document (keyed by docId). */
  over: "chunk" | "document";
  tokensOf: (text: string) => string[];
}

/**
 * Passages by words and by character bigrams, and whole documents by bigrams: a question names
 * the region or agency, which a document states once near its top while the answering passage is below.
 */
function lexicalSpecs(tokenizer: Tokenizer): LexicalSpec[] {
  return [
    { name: "lexical", params: DEFAULT_BM25, over: "chunk", tokensOf: (text) => tokenizer(text) },
    { name: "chunkBigrams", params: BIGRAM_BM25, over: "chunk", tokensOf: (text) => characterBigrams(text) },
    { name: "documentLexical", params: BIGRAM_BM25, over: "document", tokensOf: (text) => characterBigrams(text) },
  ];
}

/**
 * A previous index that does not hold exactly the entries its generation's records name: the
 * update cannot carry it over, and the indexer builds from scratch instead.
 */
export class LexicalMismatch extends Error {}

/** A chunk's index text is `chunkIndexText`; a document is indexed by its title and full text. */
function documentText(d: ParsedDocument): string {
  return `${d.meta.title}\n${d.text}`;
}

/** The texts of a file's entries in an index over chunks or over documents, by entry id. */
function entryTexts({ document, chunks }: FileRecords, over: LexicalSpec["over"]): Array<[string, () => string]> {
  if (over === "document") return [[document.docId, () => documentText(document)]];
  return chunks.map((c: Chunk) => [c.id, () => chunkIndexText(c, document.meta)]);
}

function docIdOfEntry(id: string, over: LexicalSpec["over"]): string {
  return over === "chunk" ? docIdOfChunk(id) : id;
}

/** A previous segment's indexes and the docIds of its files the new segment keeps. */
export interface CarriedSegment {
  lexical: SegmentLexical;
  keep: ReadonlySet<string>;
}

/**
 * The BM25 indexes of one segment: the kept entries of `carried` segments (the first built upon,
 * the others' postings absorbed), then the entries of `fresh` files. `expected` is the number of
 * chunks and documents the segment's files hold; an index of another size is a LexicalMismatch.
 */
export function buildSegmentLexical(
  tokenizer: Tokenizer,
  carried: CarriedSegment[],
  fresh: readonly FileRecords[],
  expected: { chunks: number; documents: number },
): SegmentLexical {
  const indexes: Partial<SegmentLexical> = {};
  for (const spec of lexicalSpecs(tokenizer)) {
    const dropFrom = (keep: ReadonlySet<string>) => (id: string) => !keep.has(docIdOfEntry(id, spec.over));
    const [first, ...others] = carried;
    const builder = new Bm25Builder(spec.params, first?.lexical[spec.name], first && dropFrom(first.keep));
    for (const other of others) builder.absorb(other.lexical[spec.name], dropFrom(other.keep));
    for (const file of fresh) {
      for (const [id, text] of entryTexts(file, spec.over)) {
        if (!builder.has(id)) builder.add(id, spec.tokensOf(text()));
      }
    }
    const total = spec.over === "chunk" ? expected.chunks : expected.documents;
    if (builder.size !== total) {
      throw new LexicalMismatch(`${spec.name}: ${builder.size} entries where the records name ${total}`);
    }
    indexes[spec.name] = builder.build();
  }
  return indexes as SegmentLexical;
}

/** An empty segment's indexes. */
export function emptySegmentLexical(tokenizer: Tokenizer): SegmentLexical {
  return buildSegmentLexical(tokenizer, [], [], { chunks: 0, documents: 0 });
}

/**
 * The deletions after base files are deleted: `previous` and these files, with what their entries
 * contributed to each base index (counted from their stored text, tokenized as when indexed).
 */
export function withDeleted(tokenizer: Tokenizer, previous: Deletions, deleted: readonly FileRecords[]): Deletions {
  const stats = { ...previous.stats };
  for (const spec of lexicalSpecs(tokenizer)) {
    const tokens = function* () {
      for (const file of deleted) for (const [, text] of entryTexts(file, spec.over)) yield spec.tokensOf(text());
    };
    stats[spec.name] = addStats(previous.stats[spec.name] as RemovedStats, statsOf(tokens()));
  }
  return {
    files: [...previous.files, ...deleted.map((f) => ({ docId: f.document.docId, chunks: f.chunks.length }))],
    stats,
  };
}
