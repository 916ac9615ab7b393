/**
 * Chunks: whole sentences of one section packed up to maxChars. A chunk never crosses a
 * section boundary, never splits a sentence and never splits a table row; a single
 * sentence or row longer than maxChars becomes a chunk of its own. Pure.
 */
import { createHash } from "node:crypto";
import type { Block, Chunk, Heading, ParsedDocument } from "../core/types.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { articleSpans } from "./law-chunks.js";
import { isPartHeading } from "./law-articles.js";

/** About two or three sentences of official prose: small enough to quote, big enough to match. */
export const DEFAULT_CHUNK_CHARS = 250;

export function chunkDocument(doc: ParsedDocument, opts: { maxChars?: number } = {}): Chunk[] {
  const maxChars = opts.maxChars ?? DEFAULT_CHUNK_CHARS;
  return (doc.law ? lawSpans(doc, maxChars) : sectionSpans(doc, doc.blocks, maxChars)).map(
    ({ span, path }, ordinal) => {
      const text = doc.text.slice(span.start, span.end);
      return {
        id: `${doc.docId}#${ordinal}`,
        docId: doc.docId,
        ordinal,
        text,
        start: span.start,
        end: span.end,
        sectionPath: path,
        hash: chunkHash(text),
      };
    },
  );
}

/** Sentences of each section packed up to maxChars, with the section's path. */
function sectionSpans(doc: ParsedDocument, blocks: Block[], maxChars: number): Array<{ span: Span; path: Heading[] }> {
  const spans: Array<{ span: Span; sectionIndex: number }> = [];
  for (const [sectionIndex, group] of groupBySection(blocks)) {
    for (const span of pack(units(doc.text, group), maxChars)) spans.push({ span, sectionIndex });
  }
  return mergeBareHeadings(spans, doc, maxChars).map(({ span, sectionIndex }) => ({
    span,
    path: doc.sections[sectionIndex]?.path ?? [],
  }));
}

/**
 * A law is chunked by article, so a citation carries the article's path (第二章 > 第十五条) and a
 * passage never mixes two articles; what lies outside the articles (title, history) is chunked as usual.
 */
function lawSpans(doc: ParsedDocument, maxChars: number): Array<{ span: Span; path: Heading[] }> {
  const articles = doc.law!.articles;
  const inArticle = (b: Block) => articles.some((a) => b.start >= a.start && b.end <= a.end);
  // Chapter headings are not chunks of their own: every article's path names its chapter.
  const heading = (b: Block) => isPartHeading(doc.text.slice(b.start, b.end));
  const outside = sectionSpans(
    doc,
    doc.blocks.filter((b) => !inArticle(b) && !heading(b)),
    maxChars,
  );
  return [...outside, ...articleSpans(doc.text, articles, maxChars)].sort((a, b) => a.span.start - b.span.start);
}

export function chunkHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

/** Blocks are in document order, so consecutive runs with one sectionIndex form a section. */
function groupBySection(blocks: Block[]): Array<[number, Block[]]> {
  const groups: Array<[number, Block[]]> = [];
  for (const b of blocks) {
    const last = groups[groups.length - 1];
    if (last && last[0] === b.sectionIndex) last[1].push(b);
    else groups.push([b.sectionIndex, [b]]);
  }
  return groups;
}

/** The indivisible units of a section: sentences, and whole table rows. */
function units(text: string, blocks: Block[]): Span[] {
  return blocks.flatMap((b) => (b.tableRow ? [{ start: b.start, end: b.end }] : splitSentences(text, b.start, b.end)));
}

/** Greedy packing of consecutive units while the span stays within maxChars. */
function pack(items: Span[], maxChars: number): Span[] {
  const out: Span[] = [];
  let current: Span | undefined;
  for (const u of items) {
    if (current && u.end - current.start <= maxChars) {
      current.end = u.end;
      continue;
    }
    if (current) out.push(current);
    current = { start: u.start, end: u.end };
  }
  if (current) out.push(current);
  return out;
}

/**
 * A section holding nothing but its heading line ("第一章 总则") would be a chunk that answers
 * nothing. It is joined to the first chunk of its first subsection, whose path already names it.
 */
function mergeBareHeadings(
  spans: Array<{ span: Span; sectionIndex: number }>,
  doc: ParsedDocument,
  maxChars: number,
): Array<{ span: Span; sectionIndex: number }> {
  const out: Array<{ span: Span; sectionIndex: number }> = [];
  for (let i = 0; i < spans.length; i++) {
    const cur = spans[i];
    const next = spans[i + 1];
    const alone = spans[i - 1]?.sectionIndex !== cur.sectionIndex && next?.sectionIndex !== cur.sectionIndex;
    const path = doc.sections[cur.sectionIndex]?.path ?? [];
    const nextPath = next ? (doc.sections[next.sectionIndex]?.path ?? []) : [];
    const isParent =
      path.length > 0 &&
      nextPath.length > path.length &&
      path.every((h, j) => nextPath[j]?.label === h.label && nextPath[j]?.title === h.title);
    const text = doc.text.slice(cur.span.start, cur.span.end);
    const bare = text.length <= 30 && !/[。；！？]/.test(text);
    if (next && alone && isParent && bare && next.span.end - cur.span.start <= maxChars) {
      spans[i + 1] = { span: { start: cur.span.start, end: next.span.end }, sectionIndex: next.sectionIndex };
      continue;
    }
    out.push(cur);
  }
  return out;
}
