import { renderSectionPath } from "../text/section-path.js";
import type { Chunk, DocMeta, ParsedDocument } from "../core/types.js";

/**
 * The text a chunk is indexed and embedded under: its document title and section path come
 * first, so a passage like "按照不超过……30%给予扶持" is still found by a question that names
 * the scheme only its heading names.
 */
export function chunkIndexText(chunk: Chunk, meta: DocMeta): string {
  return `${meta.title}\n${renderSectionPath(chunk.sectionPath)}\n${chunk.text}`;
}

/** `chunkIndexText` for the chunks of these documents. */
export function indexTextOf(documents: ParsedDocument[]): (chunk: Chunk) => string {
  const metaOf = new Map(documents.map((d) => [d.docId, d.meta]));
  return (c) => chunkIndexText(c, metaOf.get(c.docId)!);
}
