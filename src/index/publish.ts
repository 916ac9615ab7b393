/** Publishes a build: its manifest and indexes are written as a new generation, which then becomes current. */
import { type IndexData, saveIndex } from "./index-store.js";
import type { LexicalIndexes } from "./lexical-update.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import type { CorpusState } from "./read-changes.js";
import type { VectorUpdate } from "./vector-update.js";
import { TEXT_VERSION } from "../text/version.js";
import { injectionWarnings } from "./injection.js";

export async function publishGeneration(
  settings: { dataDir: string; corpusDir: string; chunkChars: number },
  corpus: CorpusState,
  lexical: LexicalIndexes,
  { vectors, embeddingId, localModel }: VectorUpdate,
): Promise<Manifest> {
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    corpusDir: settings.corpusDir,
    embeddingId,
    chunkChars: settings.chunkChars,
    tokenizerVersion: TEXT_VERSION,
    files: corpus.records,
    errors: corpus.errors,
    warnings: injectionWarnings(corpus.chunks),
  };
  const data: IndexData = {
    manifest,
    documents: corpus.documents,
    chunks: corpus.chunks,
    ...lexical,
    vectors,
    localModel,
  };
  await saveIndex(settings.dataDir, data);
  return manifest;
}
