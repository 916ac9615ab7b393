/** Builds the OpenAI-compatible embedding client from configuration; no I/O happens here. */
import { OpenAIEmbeddings } from "@langchain/openai";
import { embeddingModelConfigured, type Config } from "../config.js";

/** Texts per embedding request; compatible servers often cap a batch well below OpenAI's 2048. */
const BATCH_SIZE = 64;

/** The configured embedding model, or undefined when none is configured (offline vectors are used). */
export function createOpenAIEmbeddings(config: Config): OpenAIEmbeddings | undefined {
  if (!embeddingModelConfigured(config)) return undefined;
  return new OpenAIEmbeddings({
    model: config.EMBEDDING_MODEL!,
    apiKey: config.OPENAI_API_KEY,
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
    timeout: config.LLM_TIMEOUT_SECONDS * 1000,
    maxRetries: 1,
    batchSize: BATCH_SIZE,
    // The openai SDK otherwise asks for base64, which several compatible servers do not support.
    encodingFormat: "float",
  });
}

/**
 * Identity of the embedding space, stored in the index manifest: vectors from a different
 * model or endpoint are not comparable, so a change forces re-embedding.
 */
export function embeddingId(config: Config): string {
  return `openai:${config.EMBEDDING_MODEL}@${config.OPENAI_BASE_URL ?? "default"}`;
}
