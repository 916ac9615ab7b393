/**
 * Which embedding the configuration asks for. The OpenAI client is loaded only when an embedding
 * model is configured: the index CLI and the build worker would otherwise spend most of a one-file
 * update loading it (and the service's wiring) for nothing.
 */
import { type Config, embeddingModelConfigured } from "../config.js";
import type { EmbeddingChoice } from "../index/embedding-choice.js";

/** The configured endpoint's embeddings; else the offline vectors when LOCAL_VECTORS asks for them; else none. */
export async function embeddingChoice(config: Config): Promise<EmbeddingChoice> {
  if (embeddingModelConfigured(config)) {
    const { createOpenAIEmbeddings, embeddingId } = await import("./openai-embeddings.js");
    return { kind: "remote", id: embeddingId(config), embeddings: createOpenAIEmbeddings(config)! };
  }
  return config.LOCAL_VECTORS ? { kind: "local" } : { kind: "none" };
}
