/**
 * The index build as it runs in a worker thread (see index-build.ts): the build's objects are
 * made here once from the configuration (a tokenizer and embeddings cannot cross threads), then
 * each request runs buildIndex, which writes and publishes a new generation exactly as it does in
 * the service's thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "../core/errors.js";
import { buildIndex } from "../index/indexer.js";
import { createTokenizer } from "../text/tokenize.js";
import { embeddingChoice } from "../providers/embedding-choice.js";
import type { BuildRequest, ThrownError, WorkerMessage, WorkerSetup } from "./messages.js";

function thrown(err: unknown): ThrownError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  return {
    name: err.name,
    message: err.message,
    code: err instanceof AppError ? err.code : undefined,
    stack: err.stack,
  };
}

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);
const { config } = workerData as WorkerSetup;
const settings = {
  corpusDir: config.CORPUS_DIR,
  dataDir: config.DATA_DIR,
  chunkChars: config.CHUNK_CHARS,
  tokenizer: createTokenizer(),
  embedding: await embeddingChoice(config),
};

port.on("message", async ({ id, rebuild }: BuildRequest) => {
  try {
    const report = await buildIndex({
      ...settings,
      rebuild,
      onProgress: (progress) => send({ id, type: "progress", progress }),
    });
    send({ id, type: "done", report });
  } catch (err) {
    send({ id, type: "failed", error: thrown(err) });
  }
});
