/**
 * Choosing the quote of a cited passage: the sentence of its chunk that best matches the
 * answer sentences citing it, widened to the neighbouring sentences that hold the numeric
 * facts those answer sentences state, so the user sees the very words behind each number.
 */
import type { Passage } from "../core/types.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { normalizeText } from "../text/normalize.js";
import { stripMarkers } from "./citation-parse.js";
import { containsFact, normalizeEvidence } from "./grounding.js";

/**
 * Character bigrams within runs of letters and digits (punctuation and markers break runs).
 * With `skipNumbers`, digits break runs too: when deciding where a number comes from, the
 * number itself must not count as similarity.
 */
export function bigrams(text: string, skipNumbers = false): Set<string> {
  const breaks = skipNumbers ? /[^\p{L}]+/u : /[^\p{L}\p{N}%.]+/u;
  const out = new Set<string>();
  for (const run of normalizeText(stripMarkers(text)).split(breaks)) {
    const t = [...run];
    for (let i = 0; i + 1 < t.length; i++) out.add(t[i] + t[i + 1]);
  }
  return out;
}

/** Dice coefficient of two bigram sets, 0..1. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Share of `part`'s bigrams that occur in `whole`, 0..1 (not penalized by a long `whole`). */
export function containment(part: Set<string>, whole: Set<string>): number {
  if (!part.size) return 0;
  let shared = 0;
  for (const g of part) if (whole.has(g)) shared++;
  return shared / part.size;
}

/**
 * Absolute span of the quote for `passage`, given the texts of the answer sentences citing it
 * and their numeric facts (as extractNumericFacts returns them).
 */
export function selectQuoteSpan(passage: Passage, citingTexts: string[], facts: string[]): Span {
  const { chunk } = passage;
  const sentences = splitSentences(chunk.text).map((s) => ({
    start: s.start + chunk.start,
    end: s.end + chunk.start,
    evidence: normalizeEvidence(chunk.text.slice(s.start, s.end)),
    grams: bigrams(chunk.text.slice(s.start, s.end)),
  }));
  if (sentences.length === 0) return { start: chunk.start, end: chunk.end };

  const target = bigrams(citingTexts.join("\n"));
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    const score = similarity(s.grams, target);
    if (score > bestScore) [best, bestScore] = [i, score];
  });

  let lo = best;
  let hi = best;
  for (const fact of facts) {
    const covered = sentences.slice(lo, hi + 1).some((s) => containsFact(s.evidence, fact));
    if (covered) continue;
    // Nearest sentence holding the fact; facts found nowhere in the chunk come from other evidence.
    let nearest = -1;
    sentences.forEach((s, i) => {
      if (!containsFact(s.evidence, fact)) return;
      const d = i < lo ? lo - i : i - hi;
      if (nearest < 0 || d < (nearest < lo ? lo - nearest : nearest - hi)) nearest = i;
    });
    if (nearest >= 0) {
      lo = Math.min(lo, nearest);
      hi = Math.max(hi, nearest);
    }
  }
  return { start: sentences[lo].start, end: sentences[hi].end };
}
