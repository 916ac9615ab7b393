/**
 * Corpus listing. Every regular file is listed, including unsupported types, so the indexer
 * can report them (use isSupportedFile from ingest/extract.ts to filter). Files being staged by
 * a write of this module, dotfiles (.gitkeep) and node_modules are skipped.
 */
import { readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";

export interface CorpusFile {
  /** Path relative to the root, forward slashes; used as docId. */
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

/**
 * A write stages its bytes in a file with this prefix next to its target, then renames it into
 * place; a staged file is never listed, so the indexer never sees half a file.
 */
export const STAGING_PREFIX = ".staging-";

function isStagingFile(name: string): boolean {
  return name.startsWith(STAGING_PREFIX);
}

/** Whether a folder entry is left out of the corpus: a staged write, a dotfile or node_modules. */
export function isSkipped(name: string): boolean {
  return isStagingFile(name) || name.startsWith(".") || name === "node_modules";
}

export async function listCorpusFiles(root: string): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  await walk(root, "", files);
  // Code-unit order, not locale order, so ids sort identically on every machine.
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

async function walk(dir: string, rel: string, out: CorpusFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (isSkipped(entry.name)) continue;
    const absPath = join(dir, entry.name);
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      await walk(absPath, relPath, out);
    } else if (entry.isFile()) {
      const s = await stat(absPath);
      out.push({ relPath, absPath, size: s.size, mtimeMs: s.mtimeMs });
    }
  }
}

/**
 * A staged write lives for the milliseconds between writing its bytes and renaming them; one older
 * than this was left by a killed process. Younger ones may belong to another instance sharing the
 * corpus folder, mid-upload, and are kept (they are never listed, so they cost only disk until the
 * next start-up).
 */
export const STAGED_WRITE_GRACE_MS = 10 * 60_000;

/**
 * Deletes the staged files writes left behind when their process was killed, in every folder the
 * listing walks. Only for start-up, and only those older than `graceMs`.
 */
export async function removeStagedFiles(root: string, graceMs = STAGED_WRITE_GRACE_MS, now = Date.now()): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const absPath = join(root, entry.name);
    if (isStagingFile(entry.name) && entry.isFile()) {
      const age = now - (await stat(absPath).catch(() => ({ mtimeMs: now }))).mtimeMs;
      if (age >= graceMs) await unlink(absPath).catch(() => undefined);
    } else if (entry.isDirectory() && !isSkipped(entry.name)) await removeStagedFiles(absPath, graceMs, now);
  }
}
