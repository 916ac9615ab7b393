/** The I/O edge of ingestion: read one file, extract, parse. Errors are IngestErrors. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { ParsedDocument } from "../core/types.js";
import { IngestError } from "./errors.js";
import { extractText } from "./extract.js";
import { parseDocument } from "./parse-document.js";

/**
 * Load and parse a corpus file. docId is relPath with forward slashes; contentHash is the
 * sha256 (hex) of the file bytes, so the indexer can skip unchanged files.
 */
export async function loadFile(absPath: string, relPath: string): Promise<{ doc: ParsedDocument; contentHash: string }> {
  const docId = relPath.replace(/\\/g, "/");
  const name = basename(docId);
  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (cause) {
    throw new IngestError("UNREADABLE", name, { cause });
  }
  const contentHash = createHash("sha256").update(bytes).digest("hex");
  const { text, tableRows } = await extractText(name, bytes);
  return { doc: parseDocument(docId, text, tableRows, docId), contentHash };
}
