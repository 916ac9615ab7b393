/** Building citations from passages: the exact quote and what names its source. */
import type { Citation, Passage } from "../core/types.js";
import { renderSectionPath } from "../text/section-path.js";
import type { Span } from "../text/sentences.js";

/**
 * A citation quoting `span` (absolute offsets into the document) of the passage's chunk.
 * The span is clamped to the chunk so a quote is always text the passage really holds.
 */
export function makeCitation(n: number, passage: Passage, span?: Span): Citation {
  const { chunk, meta } = passage;
  const start = Math.max(chunk.start, span?.start ?? chunk.start);
  const end = Math.min(chunk.end, span?.end ?? chunk.end);
  return {
    n,
    docId: chunk.docId,
    title: meta.title,
    date: meta.date,
    section: renderSectionPath(chunk.sectionPath),
    quote: chunk.text.slice(start - chunk.start, end - chunk.start),
    start,
    end,
  };
}

/** Document date in the Chinese form used in answers: 2021年10月22日. */
export function chineseDate(iso: string | undefined): string | undefined {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : undefined;
}

/** Evidence texts of a citation for the grounding check: the quote and what names its source. */
export function citationEvidence(c: Citation): string[] {
  return [c.quote, chineseDate(c.date) ?? "", c.title, c.section];
}
