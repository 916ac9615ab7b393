/**
 * Corpus listing. Every regular file is listed, including unsupported types, so the indexer
 * can report them (use isSupportedFile from ingest/extract.ts to filter). Files being staged by
 * a write of this module, dotfiles (.gitkeep) and node_modules are skipped.
 */
import { readdir, stat } from "node:fs/promises";
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

export function isStagingFile(name: string): boolean {
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
