/**
 * How well a text covers a question: the idf-weighted share of the question's words that occur
 * in it, a word also counting as present through a thesaurus synonym. Words the corpus never uses weigh most, so a question about something the corpus does
 * not hold ("新能源汽车购车补贴") scores low even when its generic words ("深圳市", "补贴") match.
 */
import type { QueryTerm } from "../core/types.js";
import { normalizeText } from "../text/normalize.js";
import { headingsText } from "../text/section-path.js";
import { namedPlaces } from "./place-names.js";
import { type TaggedWord, tagWords } from "../text/tokenize.js";
import { answerKindWords } from "./question-focus.js";
import { splitCompoundQuestion } from "./question-type.js";

/**
 * A term missing from a text earns this share of its weight for each of its character bigrams the
 * text holds: a compound asked whole (产业集群发展) still partly matches a text that names a part
 * (集群). Kept low, so a question about something the corpus lacks stays under the gate even when
 * its long, rare words share characters with unrelated passages.
 */
export const PARTIAL_CREDIT = 0.4;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/** A question word as the gate reads it: a colloquial one weighs less where the text lacks it. */
export interface GateTerm extends QueryTerm {
  /** The share of its weight the word keeps where the text lacks it (see gateTerms); 1 when absent. */
  absentShare?: number;
}

/**
 * Share of question weight present in `text` (substring match on normalized text). A word with an
 * absentShare weighs in full where the text holds it and at that share where it does not: a rare
 * word a passage does hold is evidence like any other.
 */
export function coverage(terms: readonly GateTerm[], text: string): number {
  const normalized = normalizeText(text);
  let total = 0;
  let found = 0;
  for (const t of terms) {
    const presence = termPresence(t, normalized);
    const weight = presence >= 1 ? t.weight : t.weight * (t.absentShare ?? 1);
    total += weight;
    found += weight * presence;
  }
  return total === 0 ? 0 : found / total;
}

/**
 * 1 when the term or one of its thesaurus alternatives occurs in the text; otherwise partial
 * credit for the share of the term's bigrams that occur (words of three or more Chinese characters
 * only: a two-character word's one bigram is the word itself).
 */
export function termPresence(term: QueryTerm, normalizedText: string): number {
  if (normalizedText.includes(term.term)) return 1;
  if (term.alternatives?.some((a) => normalizedText.includes(a))) return 1;
  const chars = [...term.term];
  // Numbers, years and identifiers match exactly or not at all: 20210385 is not 20210384.
  if (chars.length < 3 || !HAN_ONLY.test(term.term)) return 0;
  if (chars.length === 4 && splitCompoundPresent(chars.slice(0, 2).join(""), chars.slice(2).join(""), normalizedText))
    return 1;
  let shared = 0;
  for (let i = 0; i + 1 < chars.length; i++) if (normalizedText.includes(chars[i] + chars[i + 1])) shared++;
  return (PARTIAL_CREDIT * shared) / (chars.length - 1);
}

/**
 * Whether a compound of two two-character words stands in a text in another form: said in the
 * other order (引进人才 / 人才引进), or with a word between its parts (攻关项目 / 攻关重点项目).
 */
function splitCompoundPresent(first: string, second: string, text: string): boolean {
  if (text.includes(second + first)) return true;
  // Each occurrence looks only MAX_INSERTED_CHARS ahead: linear in the text (a whole law is read).
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    const after = at + first.length;
    if (text.slice(after, after + MAX_INSERTED_CHARS + second.length).includes(second)) return true;
  }
  return false;
}
/** At most this many characters between a compound's parts: one word (重点, 服务). */
const MAX_INSERTED_CHARS = 2;

/**
 * The share of its weight a colloquial word keeps in the gate. A word the corpus never uses (its
 * idf is the highest there is), nor any synonym of it, is either how staff talk (冲着,
 * 看不懂, 一共组建了) or a subject the corpus lacks (一等奖, 总面积, GDP). Weighed in full, it refuses
 * a question about a passage that answers it in the documents' own words; weighed at nothing, it
 * lets a near miss through. Only words the tagger does not read as nouns are discounted: how staff
 * talk is mostly verbs, adverbs and particles, what they ask about is nouns. The near misses left
 * are caught by what they ask for: the focus noun (question-focus.ts), a year, place or figure the
 * sentence lacks (extractive.ts).
 */
export const COLLOQUIAL_SHARE = 0.2;
const HAS_DIGIT = /\d/;

/**
 * The question's words as the gate weighs them: words the corpus never uses keep COLLOQUIAL_SHARE of
 * their weight where a text lacks them, unless `keepsFull` says otherwise (a place, a noun, a word
 * with a synonym the corpus uses) or they name a figure; so do the words naming the kind of answer
 * asked (`answerKinds`: 哪家【机构】), whose answer names an instance. `unseenIdf` is the idf of a
 * word absent from the corpus (the index's highest).
 */
export function gateTerms(
  terms: readonly QueryTerm[],
  unseenIdf: number,
  keepsFull: (term: string) => boolean,
  answerKinds: readonly string[] = [],
): GateTerm[] {
  return terms.map((t) =>
    answerKinds.includes(t.term) || (t.weight >= unseenIdf - 1e-9 && !HAS_DIGIT.test(t.term) && !keepsFull(t.term))
      ? { ...t, absentShare: COLLOQUIAL_SHARE }
      : t,
  );
}

/** A word no corpus holds, for asking an index the idf of a word it has never seen. */
export const UNSEEN_WORD = "\u0000";

/**
 * Question words reweighed for the gate (see gateTerms) with an index's statistics: only the words
 * of the question (`questionWords`, as tagWords gives them) the tagger reads as other than nouns
 * (and not places), and no synonym of which the corpus uses, may be discounted; a word it never cut
 * whole (a search-mode part) is kept in full. The nouns naming the kind of answer are discounted
 * whatever their idf (question-focus.ts answerKindWords).
 */
export function gateWeights(
  terms: readonly QueryTerm[],
  index: { idf(term: string): number },
  questionWords: readonly TaggedWord[],
): GateTerm[] {
  const spoken = new Set(questionWords.filter((w) => !NOUN_TAG.test(w.tag)).map((w) => w.word));
  const unseenIdf = index.idf(UNSEEN_WORD);
  // A word whose synonym the corpus uses (满足 → 符合) says something the documents can say: a
  // passage lacking both is missing what was asked, not only the staff's wording.
  const sayable = new Set(
    terms.filter((t) => t.alternatives?.some((a) => index.idf(a) < unseenIdf - 1e-9)).map((t) => t.term),
  );
  return gateTerms(
    terms,
    unseenIdf,
    (t) => !spoken.has(t) || sayable.has(t) || namedPlaces(t).length > 0,
    answerKindWords(questionWords),
  );
}

/**
 * jieba's tags of nouns and noun-like words: n* (nouns, names, places, organisations), eng (Latin
 * words: GDP), vn/an (nominal verbs and adjectives: 评审, 规划), j (abbreviations), l and i (fixed
 * expressions and idioms, read as subjects to be safe).
 */
const NOUN_TAG = /^(n|eng|vn|an|j|l|i)/;

/** Below this share of the question's weight, the best passage is too weak to answer from. */
export const MIN_EVIDENCE_COVERAGE = 0.5;

/**
 * The chat model's bar: lower, because the model reads whole passages in the question's own words
 * and says 知识库中未找到… itself when they do not answer (that reply becomes a refusal). Measured on
 * eval/sets (offline index, 2025-06): 0.3 lets 267 of 280 answerable questions reach the model
 * (0.5: 223; a paraphrase written in staff's own words often shares few words with its passage)
 * while the few questions retrieval has nothing for (coverage 0.04–0.26) are still refused
 * unasked. Every number the model writes is checked against its sources either way.
 */
export const LLM_MIN_EVIDENCE_COVERAGE = 0.3;

/** How much of a document's opening is read as its context: where it names its issuer and region. */
export const DOCUMENT_HEAD_CHARS = 120;

type PassageLike = {
  chunk: { docId: string; text: string; sectionPath: Array<{ label: string; title: string }> };
  meta: { title: string };
};

/**
 * What a passage is read together with when judging whether it answers a question: its
 * document's title and opening (issuer, region, subject) and its section headings.
 */
export function passageFrame(p: PassageLike, documentHead: (docId: string) => string): string {
  return `${p.meta.title} ${documentHead(p.chunk.docId).slice(0, DOCUMENT_HEAD_CHARS)} ${headingsText(p.chunk.sectionPath)}`;
}

/** The best coverage of the question by any of the top passages, each read within its frame. */
export function bestPassageCoverage(
  terms: readonly QueryTerm[],
  passages: PassageLike[],
  documentHead: (docId: string) => string,
  top = 5,
): number {
  let best = 0;
  for (const p of passages.slice(0, top))
    best = Math.max(best, coverage(terms, `${passageFrame(p, documentHead)} ${p.chunk.text}`));
  return best;
}

/** What the gate reads a question with: the index's words, statistics and document openings. */
export interface EvidenceIndex {
  questionTerms(q: string): readonly QueryTerm[];
  idf(term: string): number;
  documentHead(docId: string): string;
}

/**
 * The gate's measure of a question: the best coverage by the top passages of the whole question or,
 * when it asks two things ("评审结果挂网几天？有人反对的话多久内复查？"), of any one of its parts,
 * a later part read with the first part's words at half weight as the answerer reads it. The
 * answerer answers or refuses each part on its own, so the whole question's coverage, diluted by
 * the words of the other part, is not the measure. `gated`: weigh the words as the extractive gate
 * does (gateWeights); otherwise at their idf.
 */
export function questionEvidence(
  question: string,
  passages: PassageLike[],
  index: EvidenceIndex,
  gated: boolean,
): number {
  const weigh = (q: string, terms: readonly QueryTerm[]) => (gated ? gateWeights(terms, index, tagWords(q)) : terms);
  const head = (d: string) => index.documentHead(d);
  let best = bestPassageCoverage(weigh(question, index.questionTerms(question)), passages, head);
  const parts = splitCompoundQuestion(question);
  if (parts.length < 2) return best;
  const topic = index.questionTerms(parts[0]);
  for (const [i, part] of parts.entries()) {
    const own = index.questionTerms(part);
    const terms =
      i === 0
        ? own
        : [
            ...own,
            ...topic.filter((t) => !own.some((o) => o.term === t.term)).map((t) => ({ ...t, weight: t.weight / 2 })),
          ];
    best = Math.max(best, bestPassageCoverage(weigh(part, terms), passages, head));
  }
  return best;
}
