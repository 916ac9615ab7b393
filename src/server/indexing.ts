/**
 * Re-indexing as the service triggers it (uploads, deletes), with the status the documents view
 * shows: whether a build is running and the last build's report. The knowledge base itself
 * serializes builds and swaps the index atomically, so queries keep working meanwhile.
 */
import type { IndexReport } from "../index/indexer.js";
import type { KnowledgeBase } from "../service/knowledge-base.js";

export interface IndexStatus {
  building: boolean;
  /** When the index in use was built (ISO). */
  builtAt?: string;
  /** The last build this process ran, with its per-file errors. */
  lastReport?: IndexReport & { finishedAt: string };
  /** Per-file errors recorded in the index in use. */
  errors: { relPath: string; code: string; message: string }[];
}

export class Indexing {
  private running = 0;
  private last: (IndexReport & { finishedAt: string }) | undefined;

  constructor(private readonly kb: KnowledgeBase) {}

  /** Record a report of a build run elsewhere (e.g. the first build at start-up). */
  record(report: IndexReport): void {
    this.last = { ...report, finishedAt: new Date().toISOString() };
  }

  async reindex(): Promise<IndexReport> {
    this.running++;
    try {
      const report = await this.kb.reindex();
      this.record(report);
      return report;
    } finally {
      this.running--;
    }
  }

  status(): IndexStatus {
    const kb = this.kb.status();
    return {
      building: this.running > 0,
      builtAt: kb.ready ? kb.builtAt : undefined,
      lastReport: this.last,
      errors: kb.ready ? kb.errors : [],
    };
  }
}
