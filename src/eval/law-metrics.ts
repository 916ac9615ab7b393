/**
 * Law-question metrics, pure (see eval/README.md, "Law questions"):
 *
 * - whole article: every gold paragraph (each 款 and 项 of the asked article, or the one asked
 *   款) occurs in the answer's scored text, both normalized as for the span metrics (width,
 *   numerals, no whitespace or punctuation). A refusal has none.
 * - first citation: the citation a reader meets first — the first `[n]` marker of the answer
 *   that names a citation, else citation 1. It is from the right law when its document holds a
 *   version of the gold document's law, and from the right version when it is the gold document's
 *   file (the same file name in another folder is the same text: it counts).
 *
 * Law and version come from the document id's file name (src/eval/benchmarks/law-text.ts), so the
 * metrics measure which file the answer quotes, not how the service models laws.
 */
import type { Answer, Citation } from "../core/types.js";
import { lawKeyOf, versionNameOf } from "./benchmarks/law-text.js";
import type { EvalQuestion } from "./question-set.js";
import { normalizeSpan, scoredAnswerText } from "./span-metrics.js";

/** Tag of the questions the law metrics apply to (every question of the laws set carries it). */
export const LAW_TAG = "law";

export interface LawScore {
  /** Questions with gold paragraphs: all of them in the answer; null otherwise. */
  wholeArticle: boolean | null;
  /** Gold paragraphs missing from the answer (questions with gold paragraphs). */
  missingParagraphs: number | null;
  /** Document id of the first citation; null for a refusal or an answer without citations. */
  firstCitation: string | null;
  /** Answerable questions: the first citation is from a version of the gold law. */
  rightLaw: boolean | null;
  /** Answerable questions: the first citation is from the gold version (file). */
  rightVersion: boolean | null;
}

/** The citation a reader meets first: the first marker naming a citation, else the first citation. */
export function firstCitation(answer: Pick<Answer, "answer" | "refused" | "citations">): Citation | undefined {
  if (answer.refused) return undefined;
  for (const m of answer.answer.matchAll(/\[(\d+)\]/g)) {
    const c = answer.citations.find((x) => x.n === Number(m[1]));
    if (c) return c;
  }
  return answer.citations[0];
}

/** Gold paragraphs absent from the answer (normalized containment); all of them for a refusal. */
export function missingParagraphs(answer: Pick<Answer, "answer" | "refused">, paragraphs: string[]): string[] {
  const text = normalizeSpan(scoredAnswerText(answer));
  return paragraphs.filter((p) => {
    const gold = normalizeSpan(p);
    return !gold || !text.includes(gold);
  });
}

/** The law score of a question tagged `law`; null for other questions. */
export function scoreLaw(
  q: Pick<EvalQuestion, "answerable" | "gold" | "tags">,
  answer: Pick<Answer, "answer" | "refused" | "citations">,
): LawScore | null {
  if (!q.tags?.includes(LAW_TAG)) return null;
  const paragraphs = q.gold?.paragraphs;
  const missing = paragraphs?.length ? missingParagraphs(answer, paragraphs).length : null;
  const first = firstCitation(answer)?.docId ?? null;
  const gold = q.answerable ? q.gold?.docId : undefined;
  return {
    wholeArticle: missing === null ? null : missing === 0,
    missingParagraphs: missing,
    firstCitation: first,
    rightLaw: gold === undefined ? null : first !== null && lawKeyOf(first) === lawKeyOf(gold),
    rightVersion: gold === undefined ? null : first !== null && versionNameOf(first) === versionNameOf(gold),
  };
}

/** Why a law question failed, when the law score says so; null otherwise. */
export function diagnoseLaw(s: LawScore, goldDocId: string | undefined): string | null {
  if (s.rightLaw === false)
    return s.firstCitation === null
      ? "no citation"
      : `first citation from another law: ${s.firstCitation} (expected ${goldDocId})`;
  if (s.rightVersion === false)
    return `first citation from another version: ${s.firstCitation} (expected ${goldDocId})`;
  if (s.wholeArticle === false)
    return `incomplete article: ${s.missingParagraphs} paragraph(s) missing from the answer`;
  return null;
}
