/**
 * Coverage ranking: candidates ordered by how much of the question their text holds, each
 * distinct question unit counted once whatever its frequency. BM25 rewards a passage that repeats
 * a few of the question's words; a question is answered by the passage that holds most of them,
 * the way the evidence gate judges it. Pure.
 */
import type { QueryTerm } from "../core/types.js";
import type { WeightedTerm } from "../index/bm25.js";

/** The weight-share of `units` found in a text, given the text's test of one unit. */
export function coverageShare(units: readonly WeightedTerm[], holds: (unit: string) => boolean): number {
  let total = 0;
  let found = 0;
  for (const u of units) {
    total += u.weight;
    if (holds(u.term)) found += u.weight;
  }
  return total > 0 ? found / total : 0;
}

/**
 * For one question, the test of a word in a text: present when it or one of its thesaurus
 * alternatives occurs (`occurs` tests one string in the text at hand).
 */
export function wordHolds(
  terms: readonly QueryTerm[],
): (occurs: (text: string) => boolean) => (unit: string) => boolean {
  const alternatives = new Map(terms.map((t) => [t.term, t.alternatives ?? []]));
  return (occurs) => (unit) => occurs(unit) || (alternatives.get(unit) ?? []).some(occurs);
}

/** Ids by score, best first; equal scores keep the order they came in (the earlier lists' order). */
export function rankByScore(ids: readonly string[], score: (id: string) => number): string[] {
  return ids
    .map((id, i) => ({ id, i, s: score(id) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.id);
}
