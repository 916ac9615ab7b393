/**
 * Builds the chat model used by the LLM answerer, the follow-up rewriter and the eval's judge from
 * configuration, through langchain's universal factory (initChatModel): CHAT_PROVIDER picks the
 * provider package, so a deployment can move off an OpenAI-compatible endpoint by configuration once
 * that provider's @langchain package is installed. No request is sent here.
 */
import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { getChatModelByClassName, initChatModel, MODEL_PROVIDER_CONFIG } from "langchain/chat_models/universal";
import { chatModelConfigured, ConfigError, type Config } from "../config.js";

/**
 * Reasoning models (o1, o3, gpt-5 except gpt-5-chat) reject any temperature but the default,
 * so temperature is only pinned for ordinary chat models.
 */
export function isReasoningModelName(model: string): boolean {
  return /^o\d/.test(model) || (model.startsWith("gpt-5") && !model.startsWith("gpt-5-chat"));
}

export interface ChatModelOptions {
  /** Callbacks of the model, e.g. the eval's token counter. */
  callbacks?: Callbacks;
  /**
   * Ask an OpenAI-compatible endpoint for the token usage of streamed answers
   * (stream_options.include_usage). Off by default: some compatible servers reject it.
   */
  streamUsage?: boolean;
}

/** The constructor settings passed to the provider's chat model class (pure, so it can be checked). */
export function chatModelFields(config: Config, opts: ChatModelOptions = {}): Record<string, unknown> {
  const model = config.CHAT_MODEL!;
  return {
    apiKey: config.OPENAI_API_KEY,
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
    // Deterministic wording makes answers reproducible and the grounding check predictable.
    ...(isReasoningModelName(model) ? {} : { temperature: 0 }),
    timeout: config.LLM_TIMEOUT_SECONDS * 1000,
    // One retry covers a dropped connection; more would keep a user waiting on a dead endpoint.
    maxRetries: 1,
    streamUsage: opts.streamUsage ?? false,
  };
}

/**
 * The configured chat model, or undefined when none is configured (the caller then falls back to the
 * offline answerer). The factory builds the provider's class lazily on the first request, so the
 * provider's package is resolved here first: a missing package is a start-up error, not a failed
 * answer hours later.
 */
export async function createChatModel(config: Config, opts: ChatModelOptions = {}): Promise<BaseChatModel | undefined> {
  if (!chatModelConfigured(config)) return undefined;
  const provider = config.CHAT_PROVIDER;
  const known = MODEL_PROVIDER_CONFIG[provider as keyof typeof MODEL_PROVIDER_CONFIG];
  if (!known) throw new ConfigError(`CHAT_PROVIDER=${provider} is not a provider langchain knows`);
  try {
    await getChatModelByClassName(known.className, provider);
  } catch {
    throw new ConfigError(`CHAT_PROVIDER=${provider} needs the package ${known.package}, which is not installed`);
  }
  // The factory's wrapper hands invoke/stream to the provider's instance, so callbacks must be given
  // to that instance's constructor: set on the wrapper afterwards they would never run.
  return initChatModel(config.CHAT_MODEL!, {
    modelProvider: provider,
    ...chatModelFields(config, opts),
    ...(opts.callbacks ? { callbacks: opts.callbacks } : {}),
  });
}
