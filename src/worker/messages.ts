/** What the index-build worker and the service say to each other (structured-clone data only). */
import type { Config } from "../config.js";
import type { IndexProgress, IndexReport } from "../index/indexer.js";

export interface BuildRequest {
  /** The TypeScript entry boot.mjs imports. */
  entry: string;
  config: Config;
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
  | { type: "progress"; progress: IndexProgress }
  | { type: "done"; report: IndexReport }
  | { type: "failed"; error: ThrownError };
