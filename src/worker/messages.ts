/** What the index-build worker and the service say to each other (structured-clone data only). */
import type { Config } from "../config.js";
import type { IndexProgress, IndexReport } from "../index/indexer.js";

/** The worker's start-up data: what boot.mjs imports, and the configuration its builds use. */
export interface WorkerSetup {
  /** The TypeScript entry boot.mjs imports. */
  entry: string;
  config: Config;
}

/** One build, asked of the worker. */
export interface BuildRequest {
  id: number;
  rebuild: boolean;
}

/** An error as it crosses the thread boundary: a class does not survive structured cloning, its facts do. */
export interface ThrownError {
  name: string;
  message: string;
  /** An AppError's code. */
  code?: string;
  stack?: string;
}

export type WorkerMessage =
  | { id: number; type: "progress"; progress: IndexProgress }
  | { id: number; type: "done"; report: IndexReport }
  | { id: number; type: "failed"; error: ThrownError };
