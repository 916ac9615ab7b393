/** Which embedding builds the vectors, and whether an index was built with it. */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { localEmbeddingIdPrefix } from "./local-embeddings.js";

/** Which embedding builds the vectors: the offline one, or a configured endpoint. */
export type EmbeddingChoice =
  { kind: "local"; dim?: number } | { kind: "remote"; id: string; embeddings: EmbeddingsInterface };

/** What an index records about the embedding its vectors were built with. */
export interface BuiltEmbedding {
  /** The manifest's embeddingId. */
  embeddingId: string;
  /** Whether the index holds a fitted offline model (without one, no question can be embedded locally). */
  hasLocalModel: boolean;
}

/**
 * Whether an index matches the configured embedding. A remote embedding must be the very one
 * (same id); the offline one must have the same dimension, whatever corpus it was fitted on,
 * and its fitted model must be there.
 */
export function matchesEmbedding(choice: EmbeddingChoice, built: BuiltEmbedding): boolean {
  return choice.kind === "remote"
    ? built.embeddingId === choice.id
    : built.embeddingId.startsWith(localEmbeddingIdPrefix(choice.dim)) && built.hasLocalModel;
}
