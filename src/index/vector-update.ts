/**
 * Updates the vectors of a generation. Vectors of different embeddings never mix: a change of
 * embedding re-embeds every chunk; otherwise only chunks that are new or were read anew are
 * embedded, and the graph is updated in place. Without an embedding there are no vectors.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Chunk } from "../core/types.js";
import type { EmbeddingChoice } from "./embedding-choice.js";
import type { HnswVectorStore } from "./hnsw-store.js";
import type { IndexData } from "./index-store.js";
import { NO_VECTORS } from "./manifest.js";
import type { LocalEmbeddingModel } from "./local-embeddings.js";

/** Refit the offline embedding when the corpus has grown or shrunk by more than this share. */
const LOCAL_REFIT_RATIO = 0.3;
const EMBED_BATCH = 64;

export interface VectorUpdate {
  /** Absent without an embedding. */
  vectors: HnswVectorStore | undefined;
  embeddingId: string;
  /** Present when the offline embedding built the vectors. */
  localModel: LocalEmbeddingModel | undefined;
  /** Whether all vectors were (re)computed. */
  reembedded: boolean;
}

/**
 * `corpus` gives every chunk of the next generation and its index text; it is asked only when
 * there are vectors to update (parsing every kept chunk is what an update without vectors avoids).
 */
export async function updateVectors(
  embedding: EmbeddingChoice,
  previous: Pick<IndexData, "manifest" | "vectors" | "localModel"> | undefined,
  corpus: () => Promise<{ chunks: Chunk[]; indexText: (c: Chunk) => string }>,
  freshChunkIds: Set<string>,
): Promise<VectorUpdate> {
  if (embedding.kind === "none") {
    const reembedded = previous?.manifest.embeddingId !== NO_VECTORS;
    return { vectors: undefined, embeddingId: NO_VECTORS, localModel: undefined, reembedded };
  }
  // Loaded only here: an index without vectors need not pay for loading the vector libraries.
  const [{ Document }, { HnswVectorStore }, { DEFAULT_LOCAL_DIM, fitLocalEmbeddingModel, LocalNgramEmbeddings }] =
    await Promise.all([
      import("@langchain/core/documents"),
      import("./hnsw-store.js"),
      import("./local-embeddings.js"),
    ]);
  const { chunks, indexText } = await corpus();
  let localModel: LocalEmbeddingModel | undefined;
  let embeddings: EmbeddingsInterface;
  let embeddingId: string;
  if (embedding.kind === "local") {
    const dim = embedding.dim ?? DEFAULT_LOCAL_DIM;
    const prevModel = previous?.localModel?.dim === dim ? previous.localModel : undefined;
    const drift = prevModel ? Math.abs(chunks.length - prevModel.fittedOn) / Math.max(1, prevModel.fittedOn) : Infinity;
    localModel =
      prevModel && drift <= LOCAL_REFIT_RATIO ? prevModel : fitLocalEmbeddingModel(chunks.map(indexText), dim);
    const local = new LocalNgramEmbeddings(localModel);
    embeddings = local;
    embeddingId = local.id;
  } else {
    embeddings = embedding.embeddings;
    embeddingId = embedding.id;
  }
  // Vectors of different embeddings never mix: a change of embedding re-embeds every chunk.
  const reuse = previous?.vectors && previous.manifest.embeddingId === embeddingId;
  const vectors = reuse ? previous.vectors! : new HnswVectorStore(embeddings);
  const live = new Set(chunks.map((c) => c.id));
  if (reuse) {
    const stale = vectors.ids().filter((id) => !live.has(id) || freshChunkIds.has(id));
    await vectors.delete({ ids: stale });
  }
  const missing = chunks.filter((c) => !vectors.has(c.id));
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const texts = batch.map(indexText);
    const embedded = await embeddings.embedDocuments(texts);
    await vectors.addVectors(
      embedded,
      batch.map((c) => new Document({ pageContent: "", metadata: { chunkId: c.id, docId: c.docId }, id: c.id })),
      { ids: batch.map((c) => c.id) },
    );
  }
  return { vectors, embeddingId, localModel, reembedded: !reuse };
}
