/** The shape of a staff-worded eval set: its size and the wording family of every question. */
import type { EvalQuestion } from "../../src/eval/question-set.js";

/** The wording families of the paraphrase set; the hold-out set adds its own to these. */
export const WORDING_FAMILIES = [
  "synonym",
  "colloquial",
  "short-name",
  "compound-part",
  "answer-type",
  "doc-fact",
  "two-sentence",
  "status",
  "near-miss",
];

/** How many questions are answerable and not, and the ids of those tagged with none of `families`. */
export function setShape(
  questions: readonly EvalQuestion[],
  families: readonly string[],
): { answerable: number; unanswerable: number; untagged: string[] } {
  return {
    answerable: questions.filter((q) => q.answerable).length,
    unanswerable: questions.filter((q) => !q.answerable).length,
    untagged: questions.filter((q) => !q.tags?.some((t) => families.includes(t))).map((q) => q.id),
  };
}
