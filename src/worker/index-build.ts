/**
 * Builds the index in a worker thread, off the service's event loop: answering goes on at its
 * usual pace while a new generation is read, tokenized, embedded and written. The worker publishes
 * the generation (atomically, as buildIndex always does); the caller then loads it. A kill -9 of
 * the service ends the worker with it, leaving at most a staging directory the next build removes.
 *
 * One worker serves consecutive builds: starting one loads the parsers, jieba and the vector
 * library again, seconds on a busy machine, which an upload would otherwise wait for each time.
 * After IDLE_MS without a build it is ended, so the memory of its last build is given back.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { AppError, type ErrorCode } from "../core/errors.js";
import type { IndexBuilder, IndexProgress, IndexReport } from "../index/indexer.js";
import type { BuildRequest, ThrownError, WorkerMessage, WorkerSetup } from "./messages.js";

const BOOT = new URL("./boot.mjs", import.meta.url);
const ENTRY = new URL("./index-build-entry.ts", import.meta.url).href;
/** An idle worker is ended after this long. */
const IDLE_MS = 120_000;

/** The error thrown in the worker, as an AppError again when it was one. */
function rethrown(e: ThrownError): Error {
  const err = e.code ? new AppError(e.code as ErrorCode, e.message) : new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

interface PendingBuild {
  resolve: (report: IndexReport) => void;
  reject: (err: Error) => void;
  onProgress?: (p: IndexProgress) => void;
}

/** An IndexBuilder (see KnowledgeBase) that runs each build of `config`'s corpus and data dir in a worker thread. */
export function workerIndexBuilder(config: Config): IndexBuilder {
  let worker: Worker | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  const pending = new Map<number, PendingBuild>();

  const start = (): Worker => {
    const setup: WorkerSetup = { entry: ENTRY, config };
    // execArgv: [] so the worker does not inherit flags of its parent (vitest's among them).
    const w = new Worker(BOOT, { workerData: setup, execArgv: [] });
    w.on("message", (message: WorkerMessage) => {
      const build = pending.get(message.id);
      if (!build) return;
      if (message.type === "progress") return build.onProgress?.(message.progress);
      pending.delete(message.id);
      if (message.type === "done") build.resolve(message.report);
      else build.reject(rethrown(message.error));
    });
    // A worker that dies (out of memory, say) fails the builds it had; the next build starts a new one.
    const fail = (err: Error) => {
      if (worker === w) worker = undefined;
      for (const build of pending.values()) build.reject(err);
      pending.clear();
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the index build worker exited (code ${code}) without a result`)));
    return w;
  };

  return ({ rebuild = false, onProgress } = {}) =>
    new Promise<IndexReport>((resolve, reject) => {
      clearTimeout(idleTimer);
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject, onProgress });
      // A build keeps its process alive until it ends; an idle worker must not keep a CLI or a test
      // process up for IDLE_MS (it did: unref() before the 'message' listener was undone by it).
      worker.ref();
      worker.postMessage({ id, rebuild } satisfies BuildRequest);
    }).finally(() => {
      if (pending.size > 0) return;
      worker?.unref();
      idleTimer = setTimeout(() => {
        const idle = worker;
        worker = undefined;
        void idle?.terminate();
      }, IDLE_MS).unref();
    });
}
