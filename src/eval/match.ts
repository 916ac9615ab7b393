/**
 * Matching rules of the eval, pure: when a retrieved chunk is the gold passage, and when an
 * answer or a citation states a required fact.
 */
import { containsFact, normalizeEvidence } from "../answer/grounding.js";
import type { Chunk, Heading } from "../core/types.js";
import type { Span } from "../text/sentences.js";
import type { Gold } from "./question-set.js";

/** Width-folded and space-free, so "（四）" meets "(四)" and "第六章 总则" meets "第六章总则". */
function normLabel(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "");
}

/** Gold section segments: "三 > （四）" → ["三", "（四）"]. */
export function sectionSegments(section: string): string[] {
  return section
    .split(">")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A gold segment names a heading when it equals the heading's label ("（四）") or the label
 * followed by its title ("（四）加快公共技术服务平台建设", as citations render it).
 */
export function segmentMatchesHeading(segment: string, h: Heading): boolean {
  const seg = normLabel(segment);
  const label = normLabel(h.label);
  return seg === label || (h.title !== "" && seg === label + normLabel(h.title));
}

/**
 * A chunk lies in the gold section when the gold segments match the first headings of the
 * chunk's section path one by one: a prefix from the top, so "三 > （四）" also admits chunks
 * under "三 > （四） > 一是" but not "三" alone nor "二 > （四）".
 */
export function sectionMatches(section: string, path: Heading[]): boolean {
  const segs = sectionSegments(section);
  if (segs.length > path.length) return false;
  return segs.every((s, i) => segmentMatchesHeading(s, path[i]));
}

/** Where the gold quote sits in the document text, or undefined when it is not there. */
export function locateQuote(docText: string, quote: string): Span | undefined {
  const start = docText.indexOf(quote);
  return start < 0 ? undefined : { start, end: start + quote.length };
}

/**
 * Whether a retrieved chunk is the right passage. The most specific gold field decides:
 * with a quote, the chunk must contain it or overlap its span (a quote may straddle two
 * chunks); else with a section, the section must match; else any chunk of the document counts.
 */
export function isRelevant(chunk: Chunk, gold: Gold, quoteSpan?: Span): boolean {
  if (chunk.docId !== gold.docId) return false;
  if (gold.quote) {
    if (chunk.text.includes(gold.quote)) return true;
    return quoteSpan !== undefined && chunk.start < quoteSpan.end && quoteSpan.start < chunk.end;
  }
  if (gold.section) return sectionMatches(gold.section, chunk.sectionPath);
  return true;
}

/** 1-based rank of the first relevant chunk among the first `depth`, or null. */
export function firstRelevantRank(chunks: Chunk[], gold: Gold, quoteSpan?: Span, depth = 10): number | null {
  const i = chunks.slice(0, depth).findIndex((c) => isRelevant(c, gold, quoteSpan));
  return i < 0 ? null : i + 1;
}

export type Fact = string | string[];

/** Display form of a fact: alternatives joined with " / ". */
export function factLabel(fact: Fact): string {
  return typeof fact === "string" ? fact : fact.join(" / ");
}

/**
 * Whether any of `texts` states the fact, after the grounding check's normalization on both
 * sides (width, Chinese numerals, dates): "五百万元" meets "500万元", and a number must stand
 * whole, so "30%" is not found in "130%".
 */
export function factPresent(texts: string[], fact: Fact): boolean {
  const alternatives = typeof fact === "string" ? [fact] : fact;
  const evidence = texts.map(normalizeEvidence);
  return alternatives.some((alt) => {
    const f = normalizeEvidence(alt);
    return evidence.some((e) => containsFact(e, f));
  });
}

/** The required facts none of `texts` states. */
export function missingFacts(texts: string[], facts: Fact[]): Fact[] {
  return facts.filter((f) => !factPresent(texts, f));
}
