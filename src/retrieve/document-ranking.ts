/**
 * The document ranking: whole-document bigram BM25, a thesaurus alternative standing in for a
 * question word the document lacks (synonym-bonus.ts). Pure over a built index.
 */
import type { QueryTerm } from "../core/types.js";
import { type Bm25Scores, type Bm25Search, unweighted, type WeightedTerm } from "../index/bm25.js";
import { characterBigrams } from "../text/tokenize.js";
import { scaledToAsked, synonymBonus } from "./synonym-bonus.js";

/**
 * The best `k` documents for the question's bigrams. Words with thesaurus alternatives are
 * scored on their own and per alternative; the candidates are the best by the question's own
 * bigrams and by each alternative's. Without alternatives (or at weight 0), plain BM25.
 */
export function topDocuments(
  index: Bm25Search,
  bigrams: WeightedTerm[],
  terms: readonly QueryTerm[],
  k: number,
  synonymWeight: number,
): Array<{ id: string; score: number }> {
  const base = index.score(bigrams);
  const words = synonymWeight > 0 ? terms.filter((t) => t.alternatives?.length) : [];
  if (words.length === 0) return base.top(k);
  const scoresOf = (text: string) => {
    const own = characterBigrams(text);
    return { bigrams: own.length, scores: index.score(unweighted(own)) };
  };
  const groups = words.map((t) => ({ asked: scoresOf(t.term), alternatives: t.alternatives!.map(scoresOf) }));
  const candidates = new Set(base.top(3 * k).map((h) => h.id));
  for (const g of groups) for (const a of g.alternatives) for (const h of a.scores.top(k)) candidates.add(h.id);
  const at = (s: Bm25Scores, id: string) => s.among([id])[0]?.score ?? 0;
  return [...candidates]
    .map((id) => {
      const perWord = groups.map((g) => ({
        asked: at(g.asked.scores, id),
        alternatives: g.alternatives.map((a) => scaledToAsked(at(a.scores, id), a.bigrams, g.asked.bigrams)),
      }));
      return { id, score: at(base, id) + synonymBonus(perWord, synonymWeight) };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}
