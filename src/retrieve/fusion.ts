/** Reciprocal rank fusion of ranked id lists; pure. */

export interface RankedList {
  ids: string[];
  weight: number;
}

/** RRF constant; 60 is the value of the original paper and works without tuning. */
export const RRF_K = 60;

/** Fused scores, best first. Each list contributes weight / (k + rank) for each id it holds. */
export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const { ids, weight } of lists) {
    ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + i + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
