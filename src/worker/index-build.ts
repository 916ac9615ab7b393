/**
 * Builds the index in a worker thread, off the service's event loop: answering goes on at its
 * usual pace while a new generation is read, tokenized, embedded and written. Each build gets a
 * fresh worker, so the memory of a build is returned when it ends. The worker publishes the
 * generation (atomically, as buildIndex always does); the caller then loads it. A kill -9 of the
 * service ends the worker with it, leaving at most a staging directory the next build removes.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { AppError, type ErrorCode } from "../core/errors.js";
import type { IndexBuilder } from "../index/indexer.js";
import type { BuildRequest, ThrownError, WorkerMessage } from "./messages.js";

const BOOT = new URL("./boot.mjs", import.meta.url);
const ENTRY = new URL("./index-build-entry.ts", import.meta.url).href;

/** The error thrown in the worker, as an AppError again when it was one. */
function rethrown(e: ThrownError): Error {
  const err = e.code ? new AppError(e.code as ErrorCode, e.message) : new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

/** An IndexBuilder (see KnowledgeBase) that runs each build of `config`'s corpus and data dir in a worker thread. */
export function workerIndexBuilder(config: Config): IndexBuilder {
  return ({ rebuild = false, onProgress } = {}) =>
    new Promise((resolve, reject) => {
      const request: BuildRequest = { entry: ENTRY, config, rebuild };
      // execArgv: [] so the worker does not inherit flags of its parent (vitest's among them).
      const worker = new Worker(BOOT, { workerData: request, execArgv: [] });
      let settled = false;
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "progress") onProgress?.(message.progress);
        else if (message.type === "done") {
          settled = true;
          resolve(message.report);
        } else {
          settled = true;
          reject(rethrown(message.error));
        }
      });
      worker.on("error", (err) => {
        settled = true;
        reject(err);
      });
      worker.on("exit", (code) => {
        if (!settled) reject(new Error(`the index build worker exited (code ${code}) without a result`));
      });
    });
}
