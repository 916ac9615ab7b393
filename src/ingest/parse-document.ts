/** Extracted text → ParsedDocument: metadata plus section structure. Pure. */
import type { ParsedDocument } from "../core/types.js";
import { extractMeta } from "./metadata.js";
import type { Span } from "../text/sentences.js";
import { parseStructure } from "./structure.js";

export function parseDocument(docId: string, text: string, tableRows: Span[], relPath: string): ParsedDocument {
  const { sections, blocks } = parseStructure(text, tableRows);
  return { docId, text, meta: extractMeta(text, relPath), sections, blocks };
}
