/**
 * Thesaurus alternatives in the document ranking. A question that says 补贴 should reach the
 * document that says 扶持 through the whole-document bigram ranking too, not through the word
 * ranking alone; but summing a synonym's matches with the asked word's would let a document
 * that says 资助 throughout outrank the one that says the asked 扶持. So a synonym only stands in
 * for a word the document lacks, as Lucene's synonym query treats the group as one term. Pure.
 */

/** One question word's BM25 scores in one document: the word's own bigrams and each alternative's. */
export interface SynonymScores {
  asked: number;
  /** Each alternative's score, scaled to the asked word's number of bigrams. */
  alternatives: number[];
}

/** For each word the document lacks, its best alternative at `weight`; nothing for a word it has. */
export function synonymBonus(words: readonly SynonymScores[], weight: number): number {
  let bonus = 0;
  for (const w of words) if (w.asked <= 0) bonus += weight * Math.max(0, ...w.alternatives);
  return bonus;
}

/**
 * An alternative's score on the scale of the asked word: per bigram, times the asked word's
 * bigrams, so 工业和信息化局 (six bigrams) does not weigh three times 工信局 (two).
 */
export function scaledToAsked(score: number, alternativeBigrams: number, askedBigrams: number): number {
  return (score * Math.max(1, askedBigrams)) / Math.max(1, alternativeBigrams);
}
