/**
 * Corpus listing. Every regular file is listed, including unsupported types, so the indexer
 * can report them (use isSupportedFile from extract.ts to filter). Dotfiles (.gitkeep) and
 * node_modules are skipped.
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

export async function listCorpusFiles(root: string): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  await walk(root, "", files);
  // Code-unit order, not locale order, so ids sort identically on every machine.
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

async function walk(dir: string, rel: string, out: CorpusFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
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
