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

/** One entry of the next generation: whether it was read anew in this build, and its text. */
interface Entry {
  id: string;
  fresh: boolean;
  text: () => string;
}

interface Entries {
  current: Entry[];
}

/** A chunk's index text is `chunkIndexText`; a document is indexed by its title and full text. */
function documentText(d: ParsedDocument): string {
  return `${d.meta.title}\n${d.text}`;
}

/** Update (or, without a previous generation, build) every BM25 index. Previous indexes are left as they were. */
export function updateLexicalIndexes(
  tokenizer: Tokenizer,
  previous: IndexData | undefined,
  corpus: CorpusState,
  indexText: (c: Chunk) => string,
): LexicalIndexes {
  const { chunks, documents, freshChunkIds } = corpus;
  const freshDocIds = new Set(chunks.filter((c) => freshChunkIds.has(c.id)).map((c) => c.docId));
  const entries: Record<LexicalSpec["over"], Entries> = {
    chunk: {
      current: chunks.map((c) => ({ id: c.id, fresh: freshChunkIds.has(c.id), text: () => indexText(c) })),
    },
    document: {
      current: documents.map((d) => ({ id: d.docId, fresh: freshDocIds.has(d.docId), text: () => documentText(d) })),
    },
  };
  const indexes: Partial<LexicalIndexes> = {};
  for (const spec of lexicalSpecs(tokenizer)) {
    indexes[spec.name] = updateBm25(spec, previous?.[spec.name], entries[spec.over]);
  }
  return indexes as LexicalIndexes;
}

function updateBm25(spec: LexicalSpec, previous: Bm25Index | undefined, { current }: Entries): Bm25Index {
  const live = new Set(current.map((e) => e.id));
  const fresh = new Set(current.filter((e) => e.fresh).map((e) => e.id));
  const builder = new Bm25Builder(spec.params, previous, (id) => !live.has(id) || fresh.has(id));
  for (const e of current) if (!builder.has(e.id)) builder.add(e.id, spec.tokensOf(e.text()));
  return builder.build();
}
