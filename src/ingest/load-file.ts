/** The I/O edge of ingestion: read one file, extract, parse. Errors are IngestErrors. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { ParsedDocument } from "../core/types.js";
import { IngestError } from "./errors.js";
import { extractText } from "./extract.js";
import { parseDocument } from "./parse-document.js";

/** sha256 (hex) of a file's bytes: how the indexer tells a changed file from a touched one. */
export function contentHashOf(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Extract and parse bytes already read; docId is relPath with forward slashes. */
export async function parseFileBytes(relPath: string, bytes: Buffer): Promise<ParsedDocument> {
  const docId = relPath.replace(/\\/g, "/");
  const { text, tableRows } = await extractText(basename(docId), bytes);
  return parseDocument(docId, text, tableRows, docId);
}

/**
 * Load and parse a corpus file. contentHash is the sha256 (hex) of the same bytes that were
 * parsed, so the indexer can skip unchanged files.
 */
export async function loadFile(
  absPath: string,
  relPath: string,
): Promise<{ doc: ParsedDocument; contentHash: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (cause) {
    throw new IngestError("UNREADABLE", basename(relPath.replace(/\\/g, "/")), { cause });
  }
  return { doc: await parseFileBytes(relPath, bytes), contentHash: contentHashOf(bytes) };
}
