/**
 * Keeping the store tidy: expired claims, idle conversations and audit records past their
 * retention are removed at start-up and then periodically; the feedback file of earlier versions
 * is imported once.
 */
import { rename } from "node:fs/promises";
import type { Logger } from "../core/logger.js";
import { FeedbackStore } from "../feedback/feedback-store.js";
import type { SqlStateStore } from "./sql-store.js";
import type { StateStore } from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest audit time kept under a retention of `days` (0 keeps everything). */
export function auditCutoff(days: number, now: number): Date | undefined {
  return days > 0 ? new Date(now - days * DAY_MS) : undefined;
}

export interface MaintenanceOptions {
  /** Days audit records are kept; 0 keeps them forever. */
  auditRetentionDays: number;
  /** Time between prunes. @default 1 hour */
  intervalMs?: number;
  log: Logger;
  now?: () => number;
}

/** Prunes now, then every interval; returns a function that stops the timer. */
export async function startMaintenance(store: StateStore, options: MaintenanceOptions): Promise<() => void> {
  const now = options.now ?? Date.now;
  const prune = async () => {
    try {
      const removed = await store.prune({ auditBefore: auditCutoff(options.auditRetentionDays, now()) });
      if (removed.audit || removed.claims || removed.turns) options.log.info("state store pruned", removed);
    } catch (err) {
      options.log.error("pruning the state store failed", { err });
    }
  };
  await prune();
  const timer = setInterval(prune, options.intervalMs ?? 60 * 60 * 1000);
  // Pruning never keeps the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Imports DATA_DIR/feedback/feedback.jsonl (where earlier versions kept feedback) into the store,
 * then renames it to feedback.jsonl.imported so it is not read again. Records are keyed by their
 * ids, so an import cut short by a crash is simply repeated. Returns how many records were new.
 */
export async function importFeedbackFile(store: SqlStateStore, dataDir: string): Promise<number> {
  const file = new FeedbackStore(dataDir);
  const records = await file.all();
  if (!records.length) return 0;
  const added = await store.feedback.import(records);
  await rename(file.file, `${file.file}.imported`);
  return added;
}
