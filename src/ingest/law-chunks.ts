/**
 * Chunks of a law's articles: an article is one chunk; one longer than twice the chunk size is
 * split at its 款 and 项 lines (and a line longer than the chunk size at its sentences), every
 * piece keeping the article's path. Pure.
 */
import type { Heading, LawArticle } from "../core/types.js";
import { splitSentences, type Span } from "../text/sentences.js";

export function articleSpans(
  text: string,
  articles: LawArticle[],
  maxChars: number,
): Array<{ span: Span; path: Heading[] }> {
  const out: Array<{ span: Span; path: Heading[] }> = [];
  for (const a of articles) {
    if (a.end - a.start <= 2 * maxChars) {
      out.push({ span: { start: a.start, end: a.end }, path: a.path });
      continue;
    }
    for (const span of pack(lineUnits(text, a, maxChars), maxChars)) out.push({ span, path: a.path });
  }
  return out;
}

/** The article's 款 and 项 lines; a line longer than maxChars gives its sentences. */
function lineUnits(text: string, a: LawArticle, maxChars: number): Span[] {
  const lines: Span[] = a.paragraphs.flatMap((p) => {
    const firstEnd = p.items[0] ? lineEnd(text, p.start) : p.end;
    return [{ start: p.start, end: firstEnd }, ...p.items.map((i) => ({ start: i.start, end: i.end }))];
  });
  return lines.flatMap((l) => (l.end - l.start > maxChars ? splitSentences(text, l.start, l.end) : [l]));
}

function lineEnd(text: string, start: number): number {
  const nl = text.indexOf("\n", start);
  return nl < 0 ? text.length : nl;
}

function pack(units: Span[], maxChars: number): Span[] {
  const out: Span[] = [];
  for (const u of units) {
    const last = out[out.length - 1];
    if (last && u.end - last.start <= maxChars) last.end = u.end;
    else out.push({ start: u.start, end: u.end });
  }
  return out;
}
