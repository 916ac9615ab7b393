/**
 * Phrases a question quotes: “两条线”, “非接触式”, 对“应当缴纳个人所得税”有什么规定. Quotation marks
 * say the words are meant as written — a name, a slogan, the wording of a rule — so a passage
 * holding them verbatim is evidence that scattered matches of the same characters are not. Pure.
 */
import { normalizeText } from "../text/normalize.js";

const QUOTED = /[“"「『‘]([^”"」』’]{2,40})[”"」』’]/g;
/** A quote needs this many letters or digits to be a phrase rather than a mark or a letter. */
const MIN_PHRASE = 2;

/** The question's quoted phrases, normalized for matching, each once. */
export function quotedPhrases(question: string): string[] {
  const phrases = [...normalizeText(question).matchAll(QUOTED)]
    .map((m) => m[1].trim())
    .filter((p) => [...p].filter((c) => /[\p{L}\p{N}]/u.test(c)).length >= MIN_PHRASE);
  return [...new Set(phrases)];
}
