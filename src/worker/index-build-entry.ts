/**
 * The index build as it runs in a worker thread (see index-build.ts): the build's objects are
 * made here from the configuration (a tokenizer and embeddings cannot cross threads), then
 * buildIndex writes and publishes a new generation exactly as it does in the service's thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "../core/errors.js";
import { buildIndex } from "../index/indexer.js";
import { createTokenizer } from "../text/tokenize.js";
import { embeddingChoice } from "../wiring.js";
import type { BuildRequest, ThrownError, WorkerMessage } from "./messages.js";

function thrown(err: unknown): ThrownError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  return {
    name: err.name,
    message: err.message,
    code: err instanceof AppError ? err.code : undefined,
    stack: err.stack,
  };
}

const send = (message: WorkerMessage) => parentPort!.postMessage(message);
const { config, rebuild } = workerData as BuildRequest;
try {
  const report = await buildIndex({
    corpusDir: config.CORPUS_DIR,
    dataDir: config.DATA_DIR,
    chunkChars: config.CHUNK_CHARS,
    tokenizer: createTokenizer(),
    embedding: embeddingChoice(config),
    rebuild,
    onProgress: (progress) => send({ type: "progress", progress }),
  });
  send({ type: "done", report });
} catch (err) {
  send({ type: "failed", error: thrown(err) });
}
