/**
 * Which corpus files changed since the last build. Pure: the listing is compared with the
 * previous manifest's file records by size and modification time. A file whose size or time
 * differs is only "touched" until it is read: its content hash then decides (`contentChanged`).
 */
import type { CorpusFile } from "../corpus/list-files.js";
import type { FileRecord } from "./manifest.js";

/** What one listed file is to the previous index. */
export type FileChange =
  /** Not in the previous index: to be read. */
  | { kind: "new"; file: CorpusFile }
  /** Same size and modification time as when it was read: its previous version is kept unread. */
  | { kind: "unchanged"; file: CorpusFile; previous: FileRecord }
  /** Other size or modification time: to be read, and compared by content hash. */
  | { kind: "touched"; file: CorpusFile; previous: FileRecord };

export interface CorpusChanges {
  /** One entry per listed file, in listing order. */
  files: FileChange[];
  /** Previous records whose file is no longer listed. */
  removed: FileRecord[];
}

export function detectChanges(previous: readonly FileRecord[], listed: readonly CorpusFile[]): CorpusChanges {
  const recorded = new Map(previous.map((r) => [r.relPath, r]));
  const files = listed.map((file): FileChange => {
    const prev = recorded.get(file.relPath);
    if (!prev) return { kind: "new", file };
    const sameStat = prev.size === file.size && prev.mtimeMs === file.mtimeMs;
    return { kind: sameStat ? "unchanged" : "touched", file, previous: prev };
  });
  const present = new Set(listed.map((f) => f.relPath));
  const removed = [...recorded.values()].filter((r) => !present.has(r.relPath));
  return { files, removed };
}

/** Whether nothing was added, touched or removed: then every file is as it was read. */
export function nothingChanged(changes: CorpusChanges): boolean {
  return changes.removed.length === 0 && changes.files.every((f) => f.kind === "unchanged");
}

/** Whether a touched file's content differs from the version in the previous index. */
export function contentChanged(previous: FileRecord, contentHash: string): boolean {
  return previous.contentHash !== contentHash;
}

/** The record of a touched file whose content is the same: the previous one, with the new size and time. */
export function restamped(previous: FileRecord, file: CorpusFile): FileRecord {
  return { ...previous, size: file.size, mtimeMs: file.mtimeMs };
}
