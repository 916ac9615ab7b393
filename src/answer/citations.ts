/** Building citations from passages: the display form of a section path and the exact quote. */
import type { Citation, Heading, Passage } from "../core/types.js";
import type { Span } from "../ingest/sentences.js";

/** A heading title longer than this is shown by its label only, to keep paths readable. */
const MAX_TITLE_IN_PATH = 24;

/** "三 > （四）加快公共技术服务平台建设", "第三章 申报条件 > 第十二条". */
export function renderSectionPath(path: Heading[]): string {
  return path
    .map((h) => {
      const title = h.title.trim();
      if (!title || title.length > MAX_TITLE_IN_PATH) return h.label;
      if (!h.label) return title;
      return /^第.+[章节条款]$/.test(h.label) ? `${h.label} ${title}` : `${h.label}${title}`;
    })
    .filter(Boolean)
    .join(" > ");
}

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
