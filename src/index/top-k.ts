/**
 * The best k of a dense score array with a bounded min-heap: O(n log k), and only the k results
 * are sorted. Order: higher score first, equal scores by id (as a full sort would give). Pure.
 */
export function topK(
  scores: Float64Array,
  k: number,
  idOf: (ordinal: number) => string,
): Array<{ id: string; score: number }> {
  if (k <= 0) return [];
  /** Whether entry a ranks below entry b (the heap keeps the lowest-ranked at its root). */
  const below = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && idOf(a) > idOf(b));
  const heap: number[] = [];
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let lowest = i;
      if (left < heap.length && below(heap[left], heap[lowest])) lowest = left;
      if (right < heap.length && below(heap[right], heap[lowest])) lowest = right;
      if (lowest === i) return;
      [heap[i], heap[lowest]] = [heap[lowest], heap[i]];
      i = lowest;
    }
  };
  for (let ordinal = 0; ordinal < scores.length; ordinal++) {
    if (scores[ordinal] <= 0) continue;
    if (heap.length < k) {
      heap.push(ordinal);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!below(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (below(heap[0], ordinal)) {
      heap[0] = ordinal;
      siftDown(0);
    }
  }
  return heap
    .sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0))
    .map((ordinal) => ({ id: idOf(ordinal), score: scores[ordinal] }));
}
