/**
 * The offline answerer: it picks the sentences of the retrieved passages that answer the
 * question and quotes them verbatim, each with a citation marker. It never writes a figure of
 * its own, so every number it shows is a number of the source.
 */
import type { Answer, Chunk, Citation, Heading, Passage, QueryTerm } from "../core/types.js";
import { type Span, splitSentences } from "../text/sentences.js";
import { chineseDate, citationEvidence, makeCitation } from "./citations.js";
import { headingsText } from "../text/section-path.js";
import {
  coverage,
  type GateTerm,
  gateWeights,
  MIN_EVIDENCE_COVERAGE,
  PARTIAL_CREDIT,
  passageFrame,
  termPresence,
  UNSEEN_WORD,
} from "./evidence.js";
import { checkGrounding, extractNumericFacts } from "./grounding.js";
import { normalizeText } from "../text/normalize.js";
import { namedPlaces, placesMet } from "./place-names.js";
import { type AnswerType, answerType, questionConstraints, splitCompoundQuestion } from "./question-type.js";
import { askedDuties, countedByMeasure, type Focus, questionFocus } from "./question-focus.js";
import { tagWords } from "../text/tokenize.js";
import { refusal } from "./refusal.js";
import { findStatusClause, ruleStatus, ruleStatusSentence, statusNote } from "./status-note.js";
import { type AnswerContext, type AnswerOptions, type Answerer, REFUSAL_PREFIX } from "./types.js";

export interface ExtractiveSettings {
  /** Passages whose sentences are considered. @default 5 */
  passages: number;
  /** At most this many sentences are quoted. @default 3 */
  maxSentences: number;
  /** Below this question coverage of the best sentence in its context, the answer is refused. */
  minCoverage: number;
  /** Further sentences are quoted only when they score at least this share of the best. */
  followRatio: number;
}
export const DEFAULT_EXTRACTIVE: ExtractiveSettings = {
  passages: 5,
  maxSentences: 3,
  minCoverage: MIN_EVIDENCE_COVERAGE,
  followRatio: 0.85,
};

/** A sentence of a retrieved passage, with where it sits. */
interface Sentence {
  passage: Passage;
  passageRank: number;
  span: Span;
  text: string;
  /** Index of the sentence within its passage. */
  position: number;
  /** The sentence before it in the passage, or "". */
  previous: string;
}

/** A sentence scored against the question. */
interface Candidate extends Sentence {
  ownCoverage: number;
  contextCoverage: number;
  /** Coverage in context with the question's words weighed as the gate weighs them (evidence.ts gateTerms). */
  evidence: number;
  score: number;
  /** Has the kind of fact asked for and meets the question's constraints; only these are quoted first. */
  answers: boolean;
  /** The question asks for a figure (amount, ratio, count, date, duration, distance), a 文号 or a place of a named level. */
  strict: boolean;
}

function sentencesOf(passages: Passage[]): Sentence[] {
  return passages.flatMap((passage, passageRank) => {
    const { chunk } = passage;
    const spans = splitSentences(chunk.text).map((s) => ({ start: s.start + chunk.start, end: s.end + chunk.start }));
    const textOf = (s: Span) => chunk.text.slice(s.start - chunk.start, s.end - chunk.start);
    return spans.map((span, position) => ({
      passage,
      passageRank,
      span,
      text: textOf(span),
      position,
      previous: position > 0 ? textOf(spans[position - 1]) : "",
    }));
  });
}

/**
 * What a sentence earns for carrying the kind of answer a question asks for when that kind is not
 * a figure (an organisation for 谁, a reason for 为什么, a procedure for 怎么): enough to prefer it
 * over a sentence that matches the question's words about as well, not to outrank a better match.
 */
const TYPE_BONUS = 0.1;

function candidatesOf(
  question: string,
  terms: readonly QueryTerm[],
  passages: Passage[],
  context: AnswerContext,
): Candidate[] {
  const type = answerType(question);
  const { strict } = type;
  const constraints = questionConstraints(question);
  const places = namedPlaces(question);
  // Whether a passage speaks of the places asked is a fact of the passage: settled once, not per sentence.
  const placesMetIn = new Map(
    passages.map((p) => [
      p,
      places.length === 0 ||
        placesMet(
          places,
          namedPlaces(`${passageFrame(p, (d) => context.documentHead(d))} ${p.meta.issuer ?? ""}`),
          p.chunk.text,
        ),
    ]),
  );
  // Ranking reads the question's words at their weight; the bar reads them as the gate weighs them.
  const questionWords = tagWords(question);
  const gate = gateWeights(terms, context, questionWords);
  const focus = questionFocus(questionWords, gate);
  // The focus words a sentence (or its passage) must name: the question's alone decide which.
  const named = focus ? focus.terms.filter(focusMustBeNamed(focus, context)) : [];
  const namedInSentence = focus?.scope === "sentence";
  const duties = askedDuties(question);
  const passageTexts = new Map(passages.map((p) => [p, passageText(p)]));
  // A figure is not quoted from a document that lacks what another retrieved one speaks of.
  const speaksOfQuestion = strict ? documentsSpeaking(gate, passages, context) : () => true;
  const sentences = sentencesOf(passages);
  return sentences
    .map((s) => {
      const { chunk, meta } = s.passage;
      const frame = passageFrame(s.passage, (d) => context.documentHead(d));
      const ownCoverage = coverage(terms, titled(s.passage, s.text));
      const contextText = `${frame} ${s.previous} ${s.text}`;
      const contextCoverage = coverage(terms, contextText);
      const evidence = coverage(gate, contextText);
      const base = 0.55 * ownCoverage + 0.35 * contextCoverage + 0.1 / (s.passageRank + 1);
      // A question asking for an amount, ratio, count, date, duration, distance, 文号 or a place of
      // a named level is answered only by a sentence that has one, and a question naming a year only
      // by a sentence in that year's context. Other kinds (an organisation, a reason) earn a bonus.
      const near = normalizeText(
        `${meta.title} ${meta.docNumber ?? ""} ${meta.proposalNumber ?? ""} ${headingsText(chunk.sectionPath)} ${s.previous} ${s.text}`,
      );
      const carries = type.carries(s.text);
      const answers =
        !isBareHeading(s.text, chunk.sectionPath) &&
        (!strict || carries) &&
        constraints.every((c) => near.includes(c)) &&
        placesMetIn.get(s.passage)! &&
        speaksOfQuestion(chunk.docId) &&
        placesNamedIn(places, s, frame) &&
        duties.every((d) => s.text.includes(d)) &&
        named.every((f) => focusPresent(f, namedInSentence ? near : passageTexts.get(s.passage)!));
      const score = base + typeBonus(type, carries, answers);
      return { ...s, ownCoverage, contextCoverage, evidence, score, answers, strict };
    })
    .sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.span.start - b.span.start);
}

/**
 * Which retrieved documents a figure question may be answered from: not one that lacks words of the
 * question (a weighty share: MIN_SUBJECT_SHARE) that the top passage's document holds. "卡脖子攻关
 * 重点项目单个最多资助多少钱" finds the reply letter (卡脖子, 攻关, 重点项目 — no amount) and the 数转
 * rule (单个项目资助金额最高不超过200万元 — none of those words): the rule's cap would be another
 * scheme's figure quoted as this one's, the worst answer there is. Words no retrieved document holds
 * (staff's own wording) do not count against any.
 */
function documentsSpeaking(
  terms: readonly GateTerm[],
  passages: Passage[],
  context: AnswerContext,
): (docId: string) => boolean {
  const docIds = [...new Set(passages.map((p) => p.chunk.docId))];
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  const holds = (id: string, t: GateTerm) => termPresence(t, context.normalizedDocument(id)) >= 1;
  const top = docIds[0];
  const heldByTop = terms.filter((t) => holds(top, t));
  const verdicts = new Map(
    docIds.map((id) => {
      if (id === top || total === 0) return [id, true];
      const lacked = heldByTop.filter((t) => !holds(id, t)).reduce((sum, t) => sum + t.weight, 0);
      return [id, lacked / total < MIN_SUBJECT_SHARE];
    }),
  );
  return (docId) => verdicts.get(docId) ?? true;
}
/**
 * See documentsSpeaking. Compared against the top passage's document only: in a large corpus some
 * retrieved document holds almost any word, and measured that way (any other document, 0.2) the
 * rule refused six correct CMRC answers for one near miss; against the top one it loses none.
 */
const MIN_SUBJECT_SHARE = 0.2;

/**
 * A sentence read with its document's title and its headings' titles. Words these already hold are
 * met alike by every sentence of the passage: they tell which document answers, not which of its
 * sentences does ("数转" → 数字化转型, in the rule's title, must not make the one article that
 * repeats it win over the article giving the asked cap). Heading labels (第一节, 第四条) are left
 * out: they number the text and say nothing of its subject. The document's opening is left out
 * too: it is body text, and its own sentences answer questions (who forwarded the proposal).
 */
function titled(p: Passage, text: string): string {
  return `${p.meta.title} ${p.chunk.sectionPath.map((h) => h.title).join(" ")} ${text}`;
}

/**
 * What a sentence earns for the kind of answer it carries: a figure asked for, when the sentence
 * answers (has one and meets the question's constraints); TYPE_BONUS for another kind it carries.
 * Not for "how": the words that mark a means or a step (通过, 按照, 依托, 之后) run through most
 * sentences of official prose and say nothing of whether one answers "怎样的影响", "怎么规定" or
 * "怎么得来的". Measured against a bonus for it: CMRC 600 537 -> 539 correct, ncpqa 150 105 -> 108,
 * no question lost on any set.
 */
export function typeBonus(type: AnswerType, carries: boolean, answers: boolean): number {
  if (type.strict) return answers ? STRICT_BONUS : 0;
  return carries && type.shape !== "how" ? TYPE_BONUS : 0;
}
/** What a sentence holding the asked figure earns. */
const STRICT_BONUS = 0.15;

/**
 * Whether the places a question names stand in the sentence unless they are the document's own:
 * "第三批小巨人名单里宁波入选了几家" is not answered by the sentence that names 上海 and 北京
 * because the sentence before it names 宁波 (for another figure).
 */
function placesNamedIn(places: readonly string[], s: Sentence, frame: string): boolean {
  const own = namedPlaces(`${frame} ${s.passage.meta.issuer ?? ""}`);
  return placesMet(places, own, s.text);
}

/**
 * Which focus words a sentence or its passage must name. A count's focus stands beside its figure
 * and a list's (哪些) in its passage, always. The thing a 什么/哪个/谁 question asks about need be
 * named only when the corpus never uses the word (联系人是谁 over documents without a contact line):
 * a word the corpus does use elsewhere is often met by the answer itself in other words (他的父亲是
 * 什么职业 → 医生). Measured on CMRC 2018 (600, seed 1): requiring every such focus refused 10.8% of
 * answerable questions, this 3.7%; the sample-corpus sets kept all but one or two of their near-miss
 * refusals.
 */
function focusMustBeNamed(focus: Focus, context: { idf(term: string): number }) {
  const unseenIdf = context.idf(UNSEEN_WORD);
  return (f: QueryTerm) => focus.scope === "sentence" || focus.listing || f.weight >= unseenIdf - 1e-9;
}

/**
 * Whether the focus of a question is named near a sentence, itself or by a word that may stand in
 * for it; a long compound is met by most of its character pairs (科研人员 by 科研…人员).
 */
function focusPresent(focus: QueryTerm, nearText: string): boolean {
  return termPresence(focus, nearText) >= FOCUS_PRESENCE || countedByMeasure(focus.term, nearText);
}
/** A passage with its document's title and its nearest headings, normalized: where a focus asked to be listed or named must stand. */
function passageText(p: Passage): string {
  // The section the passage sits in, not the chapters above it: under “第二章 支持对象与条件 > 第二节
  // 支持方式” a passage gives rates, not conditions.
  const section = p.chunk.sectionPath.slice(-NEAREST_HEADINGS);
  return normalizeText(`${p.meta.title} ${headingsText(section)} ${p.chunk.text}`);
}
/** Heading levels read with a passage for a listing focus: its section and the one it belongs to. */
const NEAREST_HEADINGS = 2;
/** Half of a compound's character pairs (termPresence gives PARTIAL_CREDIT per share of pairs). */
const FOCUS_PRESENCE = PARTIAL_CREDIT / 2;

/**
 * A sentence that only restates its section's heading ("（三）加大……培育力度。") answers nothing.
 * List items parsed as headings ("（二）项目设备购置额低于50万元的；") hold figures or conditions, and do.
 */
function isBareHeading(sentence: string, path: Heading[]): boolean {
  const bare = sentence.replace(/[。；;：:\s]+$/, "");
  // A condition of a list ("（三）申报单位存在未整改完毕的安全生产重大隐患的。") is a rule, not a title.
  if (bare.endsWith("的")) return false;
  return path.some((h) => h.title && bare === `${h.label}${h.title}`.trim()) && extractNumericFacts(bare).length === 0;
}

/**
 * The sentences after `best` in its document, within its section: the rest of its passage, then
 * the next chunk when the passage ends (a passage boundary is not a boundary of meaning).
 */
function following(best: Candidate, all: Candidate[], context: AnswerContext): Candidate[] {
  const sameChunk = all
    .filter((c) => c.passage === best.passage && c.position > best.position)
    .sort((a, b) => a.position - b.position);
  const { chunk } = best.passage;
  const next = context.chunksOf(chunk.docId).find((c) => c.ordinal === chunk.ordinal + 1);
  if (!next || !sameSection(chunk, next)) return sameChunk;
  const continued = sentencesOf([{ ...best.passage, chunk: next }]).map((sentence) => quotedWith(best, sentence));
  return [...sameChunk, ...continued];
}

/** Whether two chunks sit under the same headings (their section paths' labels). */
function sameSection(a: Chunk, b: Chunk): boolean {
  return a.sectionPath.map((h) => h.label).join() === b.sectionPath.map((h) => h.label).join();
}

/** A sentence no search scored, quoted because of `best` (what follows it, the opening of its list). */
function quotedWith(best: Candidate, sentence: Sentence): Candidate {
  return {
    ...sentence,
    passageRank: best.passageRank,
    ownCoverage: 0,
    contextCoverage: 0,
    evidence: 0,
    score: 0,
    answers: true,
    strict: best.strict,
  };
}

/** The chosen sentences, in a stable order: by passage rank, then position in the document. */
function select(
  cands: Candidate[],
  all: Candidate[],
  terms: readonly QueryTerm[],
  s: ExtractiveSettings,
  context: AnswerContext,
): Candidate[] {
  const best = cands[0];
  const chosen = [best];
  // A sentence that names the figure but not the scheme ("按照不超过……30%给予扶持") needs the
  // sentence before it, which does.
  const prev = all.find((c) => c.passage === best.passage && c.position === best.position - 1);
  if (
    prev &&
    best.ownCoverage < best.contextCoverage &&
    coverage(terms, titled(best.passage, `${prev.text}${best.text}`)) > best.ownCoverage
  ) {
    chosen.unshift(prev);
  }
  // An item of a list ("（一）同一项目已获得市级其他财政资金支持的；") says what follows from it
  // only in the sentence that opens the list ("有下列情形之一的，不予资助："): quote that too.
  const opener = chosen.length < s.maxSentences ? listOpener(best, all, context) : undefined;
  if (opener && !chosen.some((c) => c.text === opener.text)) chosen.unshift(opener);
  // A figure's sentence cut at "；" is one clause of a longer statement: the next clause, when it
  // holds a figure of the asked kind too, speaks of the same subject ("2020年，我市技术合同数量和
  // 交易额……同比增长14.68%；合同成交总额1036.30亿元……") and is quoted with it.
  if (best.strict) {
    const next = all.find((c) => c.passage === best.passage && c.position === best.position + 1);
    if (next && next.answers && continuesStatement(best.text, next.text)) chosen.push(next);
  }
  // A question asking how or what (not for a figure) is often answered by what follows the
  // sentence that matches it best: "二、到食堂的就餐人员，要做好自我防护。" precedes the measures.
  // When that sentence only opens a section ("（七）强化线上税费咨询服务。") or a list ("主要有四个
  // 方面："), what follows is the section's body: quoted up to its end, within bounds.
  if (!best.strict || opensSection(best.text)) {
    const after = following(best, all, context);
    // An answer stays within maxSentences, a section's body too: the reader asks for more. A bare
    // heading gives its place to one more sentence of its body (the question named the section).
    const opens = opensSection(best.text);
    const body = opens ? sectionBody(best.text, after) : after;
    if (opens && body.length > 0 && isMarkedHeading(best.text)) chosen.splice(chosen.indexOf(best), 1);
    for (const next of body.slice(0, s.maxSentences - chosen.length)) chosen.push(next);
  }
  for (const c of cands.slice(1)) {
    if (chosen.length >= s.maxSentences) break;
    if (c.score < s.followRatio * best.score || chosen.includes(c)) continue;
    if (chosen.some((x) => x.text === c.text)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.passageRank - b.passageRank || a.span.start - b.span.start);
}

/**
 * Adjacent chosen sentences become one quote: within a passage, and across the boundary of two
 * passages that follow each other in one section of a document (a passage boundary is not a
 * boundary of meaning), so the reader gets the text as one piece, as the document writes it.
 */
function groupQuotes(chosen: Candidate[], context: AnswerContext): Array<{ passage: Passage; span: Span }> {
  const merged: Array<{ passage: Passage; span: Span }> = [];
  for (const g of groupWithinPassages(chosen)) {
    const last = merged.at(-1);
    const joined = last && joinAcrossPassages(last, g, context);
    if (joined) merged[merged.length - 1] = joined;
    else merged.push(g);
  }
  return merged;
}

/**
 * Two quotes as one when the second's passage is the next chunk of the first's, in the same
 * section, and nothing but white space lies between them; the passage becomes both chunks' text.
 */
function joinAcrossPassages(
  a: { passage: Passage; span: Span },
  b: { passage: Passage; span: Span },
  context: AnswerContext,
): { passage: Passage; span: Span } | undefined {
  const first = a.passage.chunk;
  const second = b.passage.chunk;
  if (first.docId !== second.docId || second.ordinal !== first.ordinal + 1 || !sameSection(first, second))
    return undefined;
  if (b.span.start < a.span.end || context.documentText(first.docId, a.span.end, b.span.start).trim() !== "")
    return undefined;
  const chunk = { ...first, end: second.end, text: context.documentText(first.docId, first.start, second.end) };
  return { passage: { ...a.passage, chunk }, span: { start: a.span.start, end: b.span.end } };
}

/**
 * Whether `next` continues the statement `sentence` began: the sentence ends at a semicolon, and
 * neither is an item of a numbered list (（一）……；（二）……), whose items are rules of their own.
 */
function continuesStatement(sentence: string, next: string): boolean {
  return /[；;]\s*$/.test(sentence) && !LIST_ITEM.test(sentence) && !LIST_ITEM.test(next);
}
const LIST_ITEM = /^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+是|\d+[.、．](?!\d))/;

/** The kind of a list item's marker — （一）, 一是, 1. — so a walk back over items stays in its own list. */
function itemKind(sentence: string): string | undefined {
  const mark = LIST_ITEM.exec(sentence)?.[0].trim();
  if (!mark) return undefined;
  return /^[（(]/.test(mark) ? "（）" : mark.endsWith("是") ? "是" : "1.";
}

/**
 * The sentence that opens the list `best` is an item of: the nearest sentence before it, in its
 * passage or in the chunks before it in its document, that ends in "：", passing over other items
 * only. Undefined when `best` is not an item or no such sentence comes first.
 */
function listOpener(best: Candidate, all: Candidate[], context: AnswerContext): Candidate | undefined {
  const kind = itemKind(best.text);
  if (!kind) return undefined;
  const before = all
    .filter((c) => c.passage === best.passage && c.position < best.position)
    .sort((a, b) => b.position - a.position);
  const { chunk } = best.passage;
  const earlier = context
    .chunksOf(chunk.docId)
    .filter((c) => c.ordinal < chunk.ordinal && c.ordinal >= chunk.ordinal - LIST_LOOKBACK_CHUNKS)
    .sort((a, b) => b.ordinal - a.ordinal)
    .flatMap((c) => sentencesOf([{ ...best.passage, chunk: c }]).reverse());
  for (const sentence of [...before, ...earlier]) {
    if (/[：:]\s*$/.test(sentence.text)) return quotedWith(best, sentence);
    // Another kind of item is another list's, or the next section's heading (（二）奖励标准。).
    if (itemKind(sentence.text) !== kind) return undefined;
  }
  return undefined;
}
/** How many chunks back the opening of a list is looked for: a list's items may each be a chunk. */
const LIST_LOOKBACK_CHUNKS = 8;

/** A heading's marker: （七）, 三、, 二是. */
const SECTION_MARK = /^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[一二三四五六七八九十]+是)/;
const INNER_MARK = /(?:^|\s)([（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[一二三四五六七八九十]+是)/g;
/** A section heading is short; a longer sentence after a marker is already the section's content. */
const HEADING_CHARS = 30;
/** Bounds of a quoted section body: sentences and characters. */
const SECTION_SENTENCES = 6;
const SECTION_CHARS = 500;

/** A short marked heading ("一、降低企业经营成本 （一）减轻租金负担。"): it names a section, it says nothing of it. */
function isMarkedHeading(sentence: string): boolean {
  const text = sentence.trim();
  return SECTION_MARK.test(text) && text.length <= HEADING_CHARS;
}

/** Whether a sentence only opens what follows it: a short marked heading, or a sentence ending in "：". */
function opensSection(sentence: string): boolean {
  return isMarkedHeading(sentence) || /[：:]$/.test(sentence.trim());
}

/**
 * The sentences of a section after its opening sentence, up to the next heading of the opening's
 * own kind (（八） after （七）) and within SECTION_SENTENCES and SECTION_CHARS. The items of a
 * list opened by "：" are its body, whatever their markers.
 */
function sectionBody(opening: string, after: Candidate[]): Candidate[] {
  const kind = markKind(opening);
  const body: Candidate[] = [];
  let chars = 0;
  for (const c of after) {
    if (kind && markKind(c.text) === kind) break;
    if (body.length >= SECTION_SENTENCES || chars + c.text.length > SECTION_CHARS) break;
    body.push(c);
    chars += c.text.length;
  }
  return body;
}
/** The kind of the innermost heading marker a sentence opens with ("二、…… （五）……。" → （）). */
function markKind(sentence: string): string | undefined {
  const mark = [...sentence.matchAll(INNER_MARK)].at(-1)?.[1];
  if (!mark || !SECTION_MARK.test(sentence)) return undefined;
  return mark.startsWith("（") || mark.startsWith("(") ? "（）" : mark.endsWith("、") ? "、" : "是";
}

/** Adjacent chosen sentences of one passage become one quote. */
function groupWithinPassages(chosen: Candidate[]): Array<{ passage: Passage; span: Span }> {
  const groups: Array<{ passage: Passage; span: Span; last: number }> = [];
  for (const c of chosen) {
    const g = groups.at(-1);
    if (g && g.passage === c.passage && c.position === g.last + 1) {
      g.span = { start: g.span.start, end: c.span.end };
      g.last = c.position;
    } else {
      groups.push({ passage: c.passage, span: c.span, last: c.position });
    }
  }
  return groups;
}

const ASKS_ABOUT_STATUS = /还能|还可以|现在|目前|仍然|还有效|是否有效|有效吗|过期|到期|废止|失效|在有效期/;

export function composeExtractiveAnswer(
  question: string,
  passages: Passage[],
  context: AnswerContext,
  today: Date,
  settings: ExtractiveSettings = DEFAULT_EXTRACTIVE,
): Answer {
  const parts = splitCompoundQuestion(question);
  if (parts.length === 1) {
    const whole = composePart(question, context.questionTerms(question), passages, context, today, settings);
    return whole ? { answer: whole.lines.join("\n"), refused: false, citations: whole.citations } : refusal(passages);
  }
  // "总共多少家？第三批又进了几家？" asks two things: each part is answered (or not) on its own,
  // the later parts reading the first part's words as their topic at half weight.
  const topic = context.questionTerms(parts[0]);
  const citations: Citation[] = [];
  const lines: string[] = [];
  for (const [i, part] of parts.entries()) {
    const own = context.questionTerms(part);
    const terms = i === 0 ? own : [...own, ...topic.filter((t) => !own.some((o) => o.term === t.term)).map(halve)];
    const result = composePart(part, terms, passages, context, today, settings);
    if (!result) {
      lines.push(`关于“${part}”，${REFUSAL_PREFIX}直接相关的内容。`);
      continue;
    }
    const renumber = new Map<number, number>();
    for (const c of result.citations) {
      const same = citations.find((x) => x.docId === c.docId && x.start === c.start && x.end === c.end);
      renumber.set(c.n, same?.n ?? citations.push({ ...c, n: citations.length + 1 }));
    }
    for (const line of result.lines) {
      const renumbered = line.replace(/\[(\d+)\]/g, (_m, n: string) => `[${renumber.get(Number(n)) ?? n}]`);
      if (!lines.includes(renumbered)) lines.push(renumbered);
    }
  }
  if (citations.length === 0) return refusal(passages);
  return { answer: lines.join("\n"), refused: false, citations };
}

function halve(t: QueryTerm): QueryTerm {
  return { ...t, weight: t.weight / 2 };
}

/** The quoted lines and their citations answering one question, or undefined when nothing does. */
function composePart(
  question: string,
  terms: readonly QueryTerm[],
  passages: Passage[],
  context: AnswerContext,
  today: Date,
  settings: ExtractiveSettings,
): { lines: string[]; citations: Citation[] } | undefined {
  const all = candidatesOf(question, terms, passages.slice(0, settings.passages), context);
  const cands = all.filter((c) => c.answers && c.evidence >= settings.minCoverage);
  if (cands.length === 0) return undefined;

  const citations: Citation[] = [];
  const lines: string[] = [];
  const groups = groupQuotes(select(cands, all, terms, settings, context), context);
  for (const g of groups) {
    const c = makeCitation(citations.length + 1, g.passage, g.span);
    citations.push(c);
    const source = `《${c.title}》${c.date ? `（${chineseDate(c.date)}）` : ""}${c.section ? `“${c.section}”部分` : ""}`;
    lines.push(`据${source}：${c.quote}[${c.n}]`);
  }
  const status = statusLines(
    citations,
    groups.map((g) => g.passage),
    context,
    today,
  );
  // "还能申请吗？" asks first of all whether the scheme still applies: say that first.
  if (ASKS_ABOUT_STATUS.test(question)) lines.unshift(...status);
  else lines.push(...status);

  // Quotes are verbatim, so this holds by construction; it is checked anyway, because a wrong
  // figure shown as fact is the one failure this product must not have.
  const kept = lines.filter((line) => {
    const cited = [...line.matchAll(/\[(\d+)\]/g)].map((m) => citations[Number(m[1]) - 1]).filter(Boolean);
    return checkGrounding(line, cited.flatMap(citationEvidence)).ok;
  });
  return kept.length ? { lines: kept, citations } : undefined;
}

/** Notes on expiry, repeal or validity of what the quoted documents describe. */
function statusLines(citations: Citation[], passages: Passage[], context: AnswerContext, today: Date): string[] {
  const lines: string[] = [];
  const seenDocs = new Set<string>();
  for (const c of [...citations]) {
    const passage = passages.find(
      (p) => p.chunk.docId === c.docId && p.chunk.start <= c.start && c.end <= p.chunk.end,
    )!;
    const clause = findStatusClause(passage.chunk);
    if (clause && passage.meta.kind !== "policy_rule") {
      const inQuote = clause.start >= c.start && clause.end <= c.end;
      const n = inQuote ? c.n : citations.push(makeCitation(citations.length + 1, passage, clause));
      const text = passage.chunk.text.slice(clause.start - passage.chunk.start, clause.end - passage.chunk.start);
      lines.push(`注意：${statusNote(text, passage.meta)}[${n}]。`);
    }
    if (passage.meta.kind === "policy_rule" && !seenDocs.has(c.docId)) {
      seenDocs.add(c.docId);
      lines.push(...ruleValidityLines(passage, citations, context, today));
    }
  }
  return lines;
}

function ruleValidityLines(passage: Passage, citations: Citation[], context: AnswerContext, today: Date): string[] {
  const { meta } = passage;
  const sentence = ruleStatusSentence(ruleStatus(meta, today));
  if (!meta.validityText || !sentence) return [];
  const chunk = context.chunksOf(passage.chunk.docId).find((ch) => ch.text.includes(meta.validityText!));
  if (!chunk) return [];
  const start = chunk.start + chunk.text.indexOf(meta.validityText);
  const span = { start, end: start + meta.validityText.length };
  const existing = citations.find((c) => c.docId === chunk.docId && c.start <= span.start && span.end <= c.end);
  const n = existing?.n ?? citations.push(makeCitation(citations.length + 1, { ...passage, chunk }, span));
  return [`注意：该文件规定“${meta.validityText}”[${n}]，${sentence}`];
}

export class ExtractiveAnswerer implements Answerer {
  readonly name = "extractive";
  readonly minEvidence = MIN_EVIDENCE_COVERAGE;
  readonly checksNearMisses = true;

  constructor(private readonly settings: ExtractiveSettings = DEFAULT_EXTRACTIVE) {}

  async answer(question: string, passages: Passage[], options: AnswerOptions): Promise<Answer> {
    options.signal?.throwIfAborted();
    const result = composeExtractiveAnswer(
      question,
      passages,
      options.context,
      options.today ?? new Date(),
      this.settings,
    );
    if (options.onToken) for (const line of result.answer.split("\n")) options.onToken(`${line}\n`);
    return result;
  }
}
