/** Extracted text → ParsedDocument: metadata plus section structure, and a law's articles and version. Pure. */
import type { DocMeta, LawInfo, ParsedDocument } from "../core/types.js";
import { extractMeta } from "./metadata.js";
import type { Span } from "../text/sentences.js";
import { parseStructure } from "./structure.js";
import { parseLaw } from "./law.js";

export function parseDocument(docId: string, text: string, tableRows: Span[], relPath: string): ParsedDocument {
  const { sections, blocks } = parseStructure(text, tableRows);
  const meta = extractMeta(text, relPath);
  const law = parseLaw(meta.title, text, relPath);
  if (!law) return { docId, text, meta, sections, blocks };
  return { docId, text, meta: withLawMeta(meta, law), sections, blocks, law };
}

/**
 * A law's date is its version's date (the 2017 revision, not the 2002 adoption), its issuer the
 * adopting body and its effective date the 施行 article's; a bureau's own rule keeps its signature date.
 */
function withLawMeta(meta: DocMeta, law: LawInfo): DocMeta {
  const out: DocMeta = { ...meta };
  if (law.versionDate && (law.level !== "other" || !out.date)) out.date = law.versionDate;
  if (law.issuer && (law.level !== "other" || !out.issuer)) out.issuer = law.issuer;
  if (law.effectiveDate && !out.effectiveDate) out.effectiveDate = law.effectiveDate;
  if (law.repealed) out.repealed = true;
  return out;
}
