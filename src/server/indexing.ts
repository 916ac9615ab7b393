/**
 * Re-indexing as the service triggers it (uploads, deletes), with the status the documents view
 * shows: whether a build is running and the last build's report. The knowledge base itself
 * serializes builds and swaps the index atomically, so queries keep working meanwhile.
 */
import type { IndexReport } from "../index/indexer.js";
import type { KnowledgeBase } from "../service/knowledge-base.js";

export interface IndexStatus {
  /** A build is running or waiting: a re-index, or the catch-up with the corpus at start-up. */
  building: boolean;
  /** When the index in use was built (ISO). */
  builtAt?: string;
  /** The last build this process ran, with its per-file errors. */
  lastReport?: IndexReport & { finishedAt: string };
  /** Per-file errors recorded in the index in use. */
  errors: { relPath: string; code: string; message: string }[];
  /** Milliseconds (wall clock) this service's thread took to load the index in use (builds run in a worker; loading does not). */
  loadMs?: number;
  /** "delta" when that load read only an update's delta over the base already in memory, else "full". */
  loaded?: "full" | "delta";
}

export class Indexing {
  private last: (IndexReport & { finishedAt: string }) | undefined;

  constructor(private readonly kb: KnowledgeBase) {}

  /** Record a report of a build run elsewhere (e.g. the first build at start-up). */
  record(report: IndexReport): void {
    this.last = { ...report, finishedAt: new Date().toISOString() };
  }

  async reindex(): Promise<IndexReport> {
    const report = await this.kb.reindex();
    this.record(report);
    return report;
  }

  status(): IndexStatus {
    const kb = this.kb.status();
    return {
      // The knowledge base counts every build, the catch-up at start-up included.
      building: this.kb.isBuilding(),
      builtAt: kb.ready ? kb.builtAt : undefined,
      lastReport: this.last,
      errors: kb.ready ? kb.errors : [],
      loadMs: kb.ready ? kb.loadMs : undefined,
      loaded: kb.ready ? kb.loaded : undefined,
    };
  }
}
