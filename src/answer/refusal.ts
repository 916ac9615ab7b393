import type { Answer, Passage } from "../core/types.js";
import { makeCitation } from "./citations.js";
import { REFUSAL_PREFIX } from "./types.js";

/** How many nearest passages a refusal offers. */
const NEAREST = 3;

/** A refusal with the nearest passages, so the user can judge for themselves. */
export function refusal(passages: Passage[], reason = "与该问题直接相关的内容"): Answer {
  const nearest = passages.slice(0, NEAREST).map((p, i) => makeCitation(i + 1, p));
  const hint = nearest.length ? "以下是最接近的几段原文，供参考，不能作为答案。" : "";
  return { answer: `${REFUSAL_PREFIX}${reason}。${hint}`, refused: true, citations: [], nearest };
}
