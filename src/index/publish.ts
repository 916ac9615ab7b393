/** Publishes a build: its manifest and indexes are written as a new generation, which then becomes current. */
import type { Chunk, ParsedDocument } from "../core/types.js";
import { type GenerationData, saveIndex } from "./index-store.js";
import type { LexicalIndexes } from "./lexical-update.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import type { CorpusState } from "./read-changes.js";
import type { VectorUpdate } from "./vector-update.js";
import { TEXT_VERSION } from "../text/version.js";
import { type InjectionWarning, injectionWarnings } from "./injection.js";

/**
 * Warnings of the next generation: files read anew are checked, the others keep the previous
 * build's warning, so an update does not run the patterns over every chunk of the corpus again.
 */
function warningsOf(corpus: CorpusState, previous: InjectionWarning[]): InjectionWarning[] {
  const { freshChunks } = corpus;
  const freshDocs = new Set(freshChunks.map((c) => c.docId));
  const fresh = new Map(injectionWarnings(freshChunks).map((w) => [w.relPath, w]));
  const kept = new Map(previous.map((w) => [w.relPath, w]));
  return corpus.files.flatMap(({ record: { docId } }) => (freshDocs.has(docId) ? fresh : kept).get(docId) ?? []);
}

/** The documents of the next generation, in order: parsed if read in this build, else as stored. */
function* documentsOf(corpus: CorpusState): Generator<ParsedDocument | Uint8Array> {
  for (const f of corpus.files) yield f.fresh ? f.fresh.document : f.stored!.document;
}

/** The chunks of the next generation, file after file: parsed if read in this build, else as stored. */
function* chunksOf(corpus: CorpusState): Generator<Chunk | Uint8Array> {
  for (const f of corpus.files) yield* f.fresh ? f.fresh.chunks : f.stored!.chunks;
}

export async function publishGeneration(
  settings: { dataDir: string; corpusDir: string; chunkChars: number },
  corpus: CorpusState,
  lexical: LexicalIndexes,
  { vectors, embeddingId, localModel }: VectorUpdate,
  /** The manifest of the generation this build updated, if any. */
  previous?: Manifest,
): Promise<Manifest> {
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    corpusDir: settings.corpusDir,
    embeddingId,
    chunkChars: settings.chunkChars,
    tokenizerVersion: TEXT_VERSION,
    files: corpus.files.map((f) => f.record),
    errors: corpus.errors,
    warnings: warningsOf(corpus, previous?.warnings ?? []),
  };
  const data: GenerationData = {
    manifest,
    documents: documentsOf(corpus),
    chunks: chunksOf(corpus),
    ...lexical,
    vectors,
    localModel,
  };
  await saveIndex(settings.dataDir, data);
  return manifest;
}
