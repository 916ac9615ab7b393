import type { Answer, Passage } from "../core/types.js";
import { makeCitation } from "./citations.js";
import { REFUSAL_PREFIX } from "./types.js";

/** How many nearest passages a refusal offers. */
export const NEAREST_COUNT = 3;

/** A refusal worded as given, with the nearest passages so the user can judge for themselves. */
export function refusalWith(answer: string, passages: Passage[]): Answer {
  const nearest = passages.slice(0, NEAREST_COUNT).map((p, i) => makeCitation(i + 1, p));
  return { answer, refused: true, citations: [], nearest };
}

/** The standard refusal: nothing in the knowledge base answers the question. */
export function refusal(passages: Passage[], reason = "与该问题直接相关的内容"): Answer {
  const hint = passages.length ? "以下是最接近的几段原文，供参考，不能作为答案。" : "";
  return refusalWith(`${REFUSAL_PREFIX}${reason}。${hint}`, passages);
}
