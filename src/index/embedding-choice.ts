/** Which embedding builds the vectors, whether an index was built with it, and its embeddings for an index. */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import {
  fitLocalEmbeddingModel,
  type LocalEmbeddingModel,
  localEmbeddingIdPrefix,
  LocalNgramEmbeddings,
} from "./local-embeddings.js";
import { NO_VECTORS } from "./manifest.js";

/**
 * Which embedding builds the vectors: none (lexical retrieval only, the offline default), the
 * offline hashed n-gram one (when a setting asks for it), or a configured endpoint.
 */
export type EmbeddingChoice =
  { kind: "none" } | { kind: "local"; dim?: number } | { kind: "remote"; id: string; embeddings: EmbeddingsInterface };

/**
 * Whether an index (by its manifest's embeddingId) matches the configured embedding. A remote
 * embedding must be the very one (same id); the offline one must have the same dimension, whatever
 * corpus it was fitted on (an index of a `local-` id always holds its fitted model: loadIndex
 * reads it with the index); no embedding matches only an index without vectors.
 */
export function matchesEmbedding(choice: EmbeddingChoice, embeddingId: string): boolean {
  if (choice.kind === "none") return embeddingId === NO_VECTORS;
  return choice.kind === "remote"
    ? embeddingId === choice.id
    : embeddingId.startsWith(localEmbeddingIdPrefix(choice.dim));
}

/**
 * The embeddings that read an index's vectors under the configured choice: the endpoint's, or the
 * offline model fitted with the index (an empty one when the index has none, e.g. it was built by
 * an endpoint; such an index does not match and is rebuilt); none without vectors.
 */
export function embeddingsFor(
  choice: EmbeddingChoice,
  localModel?: LocalEmbeddingModel,
): EmbeddingsInterface | undefined {
  if (choice.kind === "none") return undefined;
  if (choice.kind === "remote") return choice.embeddings;
  return new LocalNgramEmbeddings(localModel ?? fitLocalEmbeddingModel([], choice.dim));
}
