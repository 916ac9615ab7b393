/**
 * The one place where configuration becomes objects: tokenizer, embeddings, answerer and the
 * knowledge base. The service, the CLIs and the eval runner all start from here.
 */
import { loadThesaurus } from "./retrieve/thesaurus-file.js";
import type { Thesaurus } from "./retrieve/thesaurus.js";
import type { Config } from "./config.js";
import type { Logger } from "./core/logger.js";
import { ExtractiveAnswerer } from "./answer/extractive.js";
import { LlmAnswerer } from "./answer/llm-answerer.js";
import { loadPrompts } from "./answer/prompts.js";
import type { Answerer } from "./answer/types.js";
import { createTokenizer } from "./text/tokenize.js";
import { offlineRewriter, type QuestionRewriter } from "./conversation/ask-in-conversation.js";
import { LlmRewriter, loadRewritePrompts } from "./conversation/llm-rewriter.js";
import { KnowledgeBase } from "./service/knowledge-base.js";
import { createChatModel, type ChatModelOptions } from "./providers/chat-model.js";
import { embeddingChoice } from "./providers/embedding-choice.js";
import { openStateStore } from "./store/open-store.js";
import type { SqlStateStore } from "./store/sql-store.js";
import { workerIndexBuilder } from "./worker/index-build.js";

/** The LLM answerer when a chat model is configured, else the offline extractive one (the options then do nothing). */
export async function createAnswerer(config: Config, opts: ChatModelOptions = {}): Promise<Answerer> {
  const model = await createChatModel(config, opts);
  if (!model) return new ExtractiveAnswerer();
  return new LlmAnswerer({ model, prompts: await loadPrompts(), timeoutMs: config.LLM_TIMEOUT_SECONDS * 1000 });
}

export interface KnowledgeBaseOverrides {
  answerer?: Answerer;
  now?: () => Date;
  /** Receives each problem found in a thesaurus file (in Chinese). */
  onThesaurusError?: (message: string) => void;
  /** A lock shared by the instances using this data directory, held while building (the state store's). */
  buildLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Build the index in a worker thread (the service), not in the calling one (the CLIs). */
  buildInWorker?: boolean;
}

export async function createKnowledgeBase(
  config: Config,
  overrides: KnowledgeBaseOverrides = {},
): Promise<KnowledgeBase> {
  return new KnowledgeBase({
    corpusDir: config.CORPUS_DIR,
    dataDir: config.DATA_DIR,
    chunkChars: config.CHUNK_CHARS,
    tokenizer: createTokenizer(),
    embedding: await embeddingChoice(config),
    answerer: overrides.answerer ?? (await createAnswerer(config)),
    loadThesaurus: thesaurusLoader(config, overrides.onThesaurusError),
    now: overrides.now,
    buildLock: overrides.buildLock,
    build: overrides.buildInWorker ? workerIndexBuilder(config) : undefined,
  });
}

/**
 * Reads the built-in thesaurus and the staff file named by THESAURUS_FILE. A bad line of a staff
 * file is reported and skipped; it never stops the service.
 */
export function thesaurusLoader(
  config: Config,
  onError: (message: string) => void = () => {},
): () => Promise<Thesaurus> {
  return async () => {
    const { thesaurus, errors } = await loadThesaurus({
      extraFiles: config.THESAURUS_FILE ? [config.THESAURUS_FILE] : [],
    });
    for (const e of errors) onError(`同义词文件 ${e.source}${e.line ? ` 第${e.line}行` : ""}：${e.message}`);
    return thesaurus;
  };
}

/** Follow-up rewriting: with the chat model when one is configured (offline on its failure), else offline. */
export async function createRewriter(config: Config, log?: Logger): Promise<QuestionRewriter> {
  const model = await createChatModel(config);
  if (!model) return offlineRewriter;
  // A rewrite is one short line; it must not hold the answer up for the whole LLM timeout.
  const timeoutMs = Math.min(config.LLM_TIMEOUT_SECONDS * 1000, 15_000);
  // …and the rewrite and the answer together get LLM_TIMEOUT_SECONDS, not that twice.
  return new LlmRewriter({
    model,
    prompts: await loadRewritePrompts(),
    timeoutMs,
    followUpDeadlineMs: config.LLM_TIMEOUT_SECONDS * 1000,
    log,
  });
}

/** The state store: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR/state.db; migrated on opening. */
export function createStateStore(config: Config): Promise<SqlStateStore> {
  return openStateStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
}
