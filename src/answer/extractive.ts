/**
 * The offline answerer: it picks the sentences of the retrieved passages that answer the
 * question and quotes them verbatim, each with a citation marker. It never writes a figure of
 * its own, so every number it shows is a number of the source.
 */
import type { Answer, Citation, Heading, Passage, QueryTerm } from "../core/types.js";
import { type Span, splitSentences } from "../text/sentences.js";
import { chineseDate, citationEvidence, makeCitation } from "./citations.js";
import { headingsText } from "../text/section-path.js";
import {
  coverage,
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
import { answerType, questionConstraints, splitCompoundQuestion } from "./question-type.js";
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
  const mustName = focusMustBeNamed(focus, context);
  const duties = askedDuties(question);
  const passageTexts = new Map(passages.map((p) => [p, passageText(p)]));
  const sentences = sentencesOf(passages);
  return sentences
    .map((s) => {
      const { chunk, meta } = s.passage;
      const frame = passageFrame(s.passage, (d) => context.documentHead(d));
      const ownCoverage = coverage(terms, s.text);
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
        placesNamedIn(places, s, frame) &&
        duties.every((d) => s.text.includes(d)) &&
        (!focus ||
          focus.terms.every(
            (f) => !mustName(f) || focusPresent(f, focus.scope === "sentence" ? near : passageTexts.get(s.passage)!),
          ));
      const bonus = strict ? (answers ? 0.15 : 0) : carries ? TYPE_BONUS : 0;
      const score = base + bonus;
      return { ...s, ownCoverage, contextCoverage, evidence, score, answers, strict };
    })
    .sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.span.start - b.span.start);
}

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
function focusMustBeNamed(focus: Focus | undefined, context: { idf(term: string): number }) {
  const unseenIdf = context.idf(UNSEEN_WORD);
  return (f: QueryTerm) => !focus || focus.scope === "sentence" || focus.listing || f.weight >= unseenIdf - 1e-9;
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
  const samePath = next && next.sectionPath.map((h) => h.label).join() === chunk.sectionPath.map((h) => h.label).join();
  if (!next || !samePath) return sameChunk;
  const continued = sentencesOf([{ ...best.passage, chunk: next }]).map((sentence) => ({
    ...sentence,
    passageRank: best.passageRank,
    ownCoverage: 0,
    contextCoverage: 0,
    evidence: 0,
    score: 0,
    answers: true,
    strict: best.strict,
  }));
  return [...sameChunk, ...continued];
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
    coverage(terms, `${prev.text}${best.text}`) > best.ownCoverage
  ) {
    chosen.unshift(prev);
  }
  // A question asking how or what (not for a figure) is often answered by what follows the
  // sentence that matches it best: "二、到食堂的就餐人员，要做好自我防护。" precedes the measures.
  if (!best.strict) {
    for (const next of following(best, all, context).slice(0, s.maxSentences - chosen.length)) chosen.push(next);
  }
  for (const c of cands.slice(1)) {
    if (chosen.length >= s.maxSentences) break;
    if (c.score < s.followRatio * best.score || chosen.includes(c)) continue;
    if (chosen.some((x) => x.text === c.text)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.passageRank - b.passageRank || a.span.start - b.span.start);
}

/** Adjacent chosen sentences of one passage become one quote. */
function groupQuotes(chosen: Candidate[]): Array<{ passage: Passage; span: Span }> {
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
  const groups = groupQuotes(select(cands, all, terms, settings, context));
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
