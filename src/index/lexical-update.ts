/**
 * Updates the BM25 indexes of a generation. Each is described by a spec (what it is keyed by,
 * which tokens an entry is indexed under), and one function updates them all: entries that are
 * gone or were read anew are dropped, then every entry the index lacks is added.
 */
import type { Chunk, ParsedDocument } from "../core/types.js";
import { characterBigrams, type Tokenizer } from "../text/tokenize.js";
import { BIGRAM_BM25, Bm25Index, type Bm25Params, DEFAULT_BM25 } from "./bm25.js";
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
  /** Ids in the previous generation, in its order. */
  previousIds: string[];
  current: Entry[];
}

/** A chunk's index text is `chunkIndexText`; a document is indexed by its title and full text. */
function documentText(d: ParsedDocument): string {
  return `${d.meta.title}\n${d.text}`;
}

/** Update (or, without a previous generation, build) every BM25 index. Previous indexes are updated in place. */
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
      previousIds: previous?.chunks.map((c) => c.id) ?? [],
      current: chunks.map((c) => ({ id: c.id, fresh: freshChunkIds.has(c.id), text: () => indexText(c) })),
    },
    document: {
      previousIds: previous?.documents.map((d) => d.docId) ?? [],
      current: documents.map((d) => ({ id: d.docId, fresh: freshDocIds.has(d.docId), text: () => documentText(d) })),
    },
  };
  const indexes: Partial<LexicalIndexes> = {};
  for (const spec of lexicalSpecs(tokenizer)) {
    const index = previous?.[spec.name] ?? new Bm25Index(spec.params);
    indexes[spec.name] = updateBm25(index, entries[spec.over], spec.tokensOf);
  }
  return indexes as LexicalIndexes;
}

function updateBm25(
  index: Bm25Index,
  { previousIds, current }: Entries,
  tokensOf: (text: string) => string[],
): Bm25Index {
  const live = new Set(current.map((e) => e.id));
  const fresh = new Set(current.filter((e) => e.fresh).map((e) => e.id));
  for (const id of previousIds) if (!live.has(id) || fresh.has(id)) index.remove(id);
  for (const e of current) if (e.fresh || !index.has(e.id)) index.add(e.id, tokensOf(e.text()));
  return index;
}
