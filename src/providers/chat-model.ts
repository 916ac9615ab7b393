/** Builds the chat model used by the LLM answerer from configuration; no I/O happens here. */
import { ChatOpenAI } from "@langchain/openai";
import { chatModelConfigured, type Config } from "../config.js";

/**
 * Reasoning models (o1, o3, gpt-5 except gpt-5-chat) reject any temperature but the default,
 * so temperature is only pinned for ordinary chat models.
 */
export function isReasoningModelName(model: string): boolean {
  return /^o\d/.test(model) || (model.startsWith("gpt-5") && !model.startsWith("gpt-5-chat"));
}

/**
 * The configured OpenAI-compatible chat model, or undefined when no chat model is configured
 * (the caller then falls back to the offline answerer).
 */
export function createChatModel(config: Config): ChatOpenAI | undefined {
  if (!chatModelConfigured(config)) return undefined;
  const model = config.CHAT_MODEL!;
  return new ChatOpenAI({
    model,
    apiKey: config.OPENAI_API_KEY,
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
    // Deterministic wording makes answers reproducible and the grounding check predictable.
    ...(isReasoningModelName(model) ? {} : { temperature: 0 }),
    timeout: config.LLM_TIMEOUT_SECONDS * 1000,
    // One retry covers a dropped connection; more would keep a user waiting on a dead endpoint.
    maxRetries: 1,
    // Usage chunks are not needed, and some compatible servers reject stream_options.
    streamUsage: false,
  });
}
