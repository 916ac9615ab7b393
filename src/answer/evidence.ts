/**
 * How well a text covers a question: the idf-weighted share of the question's words that occur
 * in it. Words the corpus never uses weigh most, so a question about something the corpus does
 * not hold ("新能源汽车购车补贴") scores low even when its generic words ("深圳市", "补贴") match.
 */
import { normalizeText } from "../text/normalize.js";
import { headingsText } from "../text/section-path.js";

export interface WeightedTerm {
  term: string;
  weight: number;
}

export function weightedTerms(
  question: string,
  tokenize: (text: string) => string[],
  idf: (term: string) => number,
): WeightedTerm[] {
  const terms = [...new Set(tokenize(question))];
  // jieba's search mode emits both 服务平台 and its parts; a part inside a longer term that is
  // also present would count twice, so keep only maximal terms.
  const maximal = terms.filter((t) => !terms.some((o) => o !== t && o.length > t.length && o.includes(t)));
  return maximal.map((term) => ({ term, weight: idf(term) }));
}

/** Share of question weight present in `text` (substring match on normalized text). */
export function coverage(terms: WeightedTerm[], text: string): number {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (total === 0) return 0;
  const normalized = normalizeText(text);
  let found = 0;
  for (const t of terms) if (normalized.includes(t.term)) found += t.weight;
  return found / total;
}

/** Below this share of the question's weight, the best passage is too weak to answer from. */
export const MIN_EVIDENCE_COVERAGE = 0.5;

/** How much of a document's opening is read as its context: where it names its issuer and region. */
export const DOCUMENT_HEAD_CHARS = 120;

type PassageLike = { chunk: { docId: string; text: string; sectionPath: Array<{ label: string; title: string }> }; meta: { title: string } };

/**
 * What a passage is read together with when judging whether it answers a question: its
 * document's title and opening (issuer, region, subject) and its section headings.
 */
export function passageFrame(p: PassageLike, documentHead: (docId: string) => string): string {
  return `${p.meta.title} ${documentHead(p.chunk.docId).slice(0, DOCUMENT_HEAD_CHARS)} ${headingsText(p.chunk.sectionPath)}`;
}

/** The best coverage of the question by any of the top passages, each read within its frame. */
export function bestPassageCoverage(
  terms: WeightedTerm[],
  passages: PassageLike[],
  documentHead: (docId: string) => string,
  top = 5,
): number {
  let best = 0;
  for (const p of passages.slice(0, top)) best = Math.max(best, coverage(terms, `${passageFrame(p, documentHead)} ${p.chunk.text}`));
  return best;
}
