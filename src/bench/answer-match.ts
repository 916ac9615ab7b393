/**
 * "Answer in the top 8 passages": whether a retrieved passage holds a question's known answer,
 * judged the same way for the project and the baseline, on the passage text alone. Pure.
 */

/** Text compared without whitespace and with full-width ASCII folded, so layout never decides a match. */
export function matchKey(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/[“”"「」『』]/g, "");
}

/** Answers shorter than this are found in unrelated passages by chance, so they count only in their own document. */
export const SHORT_ANSWER = 8;

/** Length of the longest common substring of a and b (dynamic programming over one row). */
export function longestCommonSubstring(a: string, b: string): number {
  if (!a || !b) return 0;
  let best = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        row[j] = prev[j - 1] + 1;
        if (row[j] > best) best = row[j];
      }
    }
    prev = row;
  }
  return best;
}

export interface GoldAnswer {
  /** The known answer text (a span of the gold document). */
  answer: string;
  /** The gold document's path relative to the corpus root. */
  docId: string;
}

export interface RetrievedPassage {
  docId: string;
  text: string;
}

/**
 * A passage holds the answer when its text contains it; or, for an answer longer than a passage
 * can hold or cut by a passage boundary, when a passage of the gold document shares at least
 * SHARE_OF_LONG_ANSWER of it. A short answer counts only in the gold document; a long one in
 * any document (the corpora repost the same notice and law texts under several names).
 */
export function passageHoldsAnswer(passage: RetrievedPassage, gold: GoldAnswer): boolean {
  const answer = matchKey(gold.answer);
  const text = matchKey(passage.text);
  if (!answer) return false;
  const sameDoc = passage.docId === gold.docId;
  if (text.includes(answer)) return sameDoc || answer.length >= SHORT_ANSWER;
  if (!sameDoc || answer.length < SHORT_ANSWER * 2) return false;
  return longestCommonSubstring(text, answer) >= Math.min(text.length, answer.length) * SHARE_OF_LONG_ANSWER;
}

const SHARE_OF_LONG_ANSWER = 0.5;

/** Whether any of the passages holds the answer. */
export function answerInPassages(passages: readonly RetrievedPassage[], gold: GoldAnswer): boolean {
  return passages.some((p) => passageHoldsAnswer(p, gold));
}
