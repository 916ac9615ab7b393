/**
 * Updates the BM25 indexes of a generation. Each is described by a spec (what it is keyed by,
 * which tokens an entry is indexed under), and one function updates them all: entries that are
 * gone or were read anew are dropped, then every entry the index lacks is added. The indexes are
 * built one after another and each entry's tokens are dropped once counted, so a build holds the
 * postings of one index being built, never the tokens of the corpus.
 */
import type { Chunk, ParsedDocument } from "../core/types.js";
import { characterBigrams, type Tokenizer } from "../text/tokenize.js";
import { BIGRAM_BM25, type Bm25Index, type Bm25Params, DEFAULT_BM25 } from "./bm25.js";
import { Bm25Builder } from "./bm25-builder.js";
import type { IndexData } from "./index-store.js";
import type { CorpusState } from "./read-changes.js";

/** The BM25 indexes of a generation, under their names in IndexData. */
export type LexicalIndexes = Pick<IndexData, "lexical" | "chunkBigrams" | "documentLexical">;

interface LexicalSpec {
  name: keyof LexicalIndexes;
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

/** An entry read in this build, and its text. */
interface Entry {
  id: string;
  text: () => string;
}

/**
 * The entries of one kind: which previous ones are dropped, the ones read in this build (in order),
 * and how many the index must hold in the end.
 */
interface Entries {
  drop: (id: string) => boolean;
  fresh: Entry[];
  total: number;
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

/**
 * Update (or, without a previous generation, build) every BM25 index. Previous indexes are left
 * as they were. Entries kept from the previous generation are carried over by id, without their
 * text; `indexText` is asked only for chunks read in this build.
 */
export function updateLexicalIndexes(
  tokenizer: Tokenizer,
  previous: LexicalIndexes | undefined,
  corpus: CorpusState,
  indexText: (c: Chunk) => string,
): LexicalIndexes {
  const { files, freshChunks, freshChunkIds, dropped } = corpus;
  const freshDocIds = new Set(freshChunks.map((c) => c.docId));
  const liveDocIds = new Set(files.map((f) => f.record.docId));
  const entries: Record<LexicalSpec["over"], Entries> = {
    chunk: {
      // The previous chunks that are not kept are those of files removed or read anew.
      drop: (id) => dropped.chunkIds.has(id) || freshChunkIds.has(id),
      fresh: freshChunks.map((c) => ({ id: c.id, text: () => indexText(c) })),
      total: corpus.chunkCount,
    },
    document: {
      drop: (id) => !liveDocIds.has(id) || freshDocIds.has(id),
      fresh: files.flatMap((f) =>
        f.fresh ? [{ id: f.record.docId, text: () => documentText(f.fresh!.document) }] : [],
      ),
      total: corpus.documentCount,
    },
  };
  const indexes: Partial<LexicalIndexes> = {};
  for (const spec of lexicalSpecs(tokenizer)) {
    indexes[spec.name] = updateBm25(spec, previous?.[spec.name], entries[spec.over]);
  }
  return indexes as LexicalIndexes;
}

function updateBm25(spec: LexicalSpec, previous: Bm25Index | undefined, { drop, fresh, total }: Entries): Bm25Index {
  const builder = new Bm25Builder(spec.params, previous, drop);
  for (const e of fresh) if (!builder.has(e.id)) builder.add(e.id, spec.tokensOf(e.text()));
  if (builder.size !== total) {
    throw new LexicalMismatch(`${spec.name}: ${builder.size} entries where the records name ${total}`);
  }
  return builder.build();
}
