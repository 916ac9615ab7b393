/**
 * Turning a chat model's text into an Answer that is safe to show. Pure logic, fed either
 * token by token (AnswerAssembler.push) or all at once (postProcess).
 *
 * Per sentence, as soon as it is complete:
 *  - citation markers are read; markers naming no passage are dropped; the cited passages are
 *    renumbered 1..k in order of first appearance;
 *  - a sentence stating numbers, amounts, percentages or dates that carries markers is kept only
 *    if every such fact appears in the passages it cites (their text, document date, title or
 *    section); otherwise it is removed;
 *  - a sentence stating facts without any valid marker is given the markers of the passages
 *    that hold its facts (passages already cited first, then other passages similar to it), so
 *    every number shown has a visible source; if no passages hold all its facts it is removed;
 *  - sentences without numeric facts are kept as written.
 * A leading <think>…</think> block (reasoning models behind some compatible servers) is discarded.
 * Text is released for streaming only once the answer holds at least one citation, so a reply
 * that ends in a refusal never streams text that is then withdrawn.
 *
 * The model's "not found" reply (知识库中未找到…, or a paraphrase at a sentence start) before any cited
 * statement is a refusal, whatever follows it and whatever it cites.
 * At the end: no citation left → refusal (the model's own 知识库中未找到… wording if it wrote one,
 * else an explanation that its answer could not be verified), with the nearest passages. Else each
 * citation quotes the passage sentence(s) matching the sentences citing it, and every kept sentence
 * is checked once more against the quotes (citationEvidence) before the answer is returned.
 */
import type { Answer, Citation, Passage } from "../core/types.js";
import { renderSectionPath } from "../text/section-path.js";
import { chineseDate, citationEvidence, makeCitation } from "./citations.js";
import {
  appendMarkers,
  moveMarkersBeforeFinalPunct,
  parseMarkerGroups,
  rewriteMarkers,
  stripMarkers,
} from "./citation-parse.js";
import { checkGrounding, containsFact, extractNumericFacts, normalizeEvidence, validityGrounded } from "./grounding.js";
import { ThinkFilter, takeSentences, type Segment } from "./llm-segment.js";
import { bigrams, containment, selectQuoteSpan } from "./llm-quote.js";
import { refusalWith } from "./refusal.js";
import { REFUSAL_PREFIX } from "./types.js";

export const DEFAULT_REFUSAL = `${REFUSAL_PREFIX}与该问题直接相关的内容。`;
export const UNVERIFIABLE_REFUSAL = `${REFUSAL_PREFIX}可以核实的答案：模型生成的回答无法在引用原文中核实，已不予显示。请参阅下列最相关的原文。`;
/**
 * The model saying the passages do not answer: the prescribed 知识库中未找到… anywhere in a sentence,
 * or a common paraphrase of it at the sentence's start ("段落中没有提及…", "抱歉，无法回答…").
 */
const MODEL_NOT_FOUND =
  /知识库中未找到|^(?:抱歉|很抱歉|对不起)?[，,]?(?:根据)?(?:所给|给出|提供|现有|以上)?的?(?:编号)?(?:段落|原文|资料|材料|知识库|文件)?(?:中|里)?(?:均|都|并)?(?:未找到|没有找到|找不到|未能找到|未提及|没有提及|未涉及|没有涉及|没有相关|无相关|无法回答|无法确定|无法找到)/;

/** Whether a sentence of the model (markers stripped) is its "not found" reply. */
export function isModelNotFound(sentence: string): boolean {
  return MODEL_NOT_FOUND.test(sentence.trim());
}

/** Share of a sentence's character bigrams an uncited passage must contain to be attached to it. */
const MIN_ATTACH_CONTAINMENT = 0.2;

const CHINESE_COUNT = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/**
 * Note appended when sentences were removed; written without digits so it states no fact. "内容"
 * instead of "数字" when a removed sentence stated a scheme's validity rather than a figure.
 */
export function removalNote(count: number, what: "数字" | "内容" = "数字"): string {
  return `（已删除${CHINESE_COUNT[count] ?? "多"}处无法在引用原文中核实的${what}。）`;
}

/** What a passage says about whether its scheme is in force: its text, and the document's recorded repeal. */
function statusEvidence(p: Passage): string[] {
  return p.meta.repealed ? [p.chunk.text, "该文件已废止。"] : [p.chunk.text];
}

/** A numbered list or heading prefix is layout, not a fact: "1. ", "（2）", "- ", "## ". */
const LIST_PREFIX = /^\s*(?:[-*•·]\s+|#{1,6}\s+|\d{1,2}[.、)）](?!\d)\s*|[（(]\d{1,2}[)）]\s*)/;

function gapOf(raw: string): string {
  return raw.includes("\n\n") ? "\n\n" : raw.includes("\n") ? "\n" : "";
}

/** Texts a passage offers as evidence: its chunk, its date in both forms, its title and section. */
function passageEvidence(p: Passage): string[] {
  return [p.chunk.text, chineseDate(p.meta.date) ?? "", p.meta.title, renderSectionPath(p.chunk.sectionPath)];
}

interface KeptSentence {
  /** Final text, markers renumbered. */
  text: string;
  /** Citation numbers (new numbering) the sentence carries. */
  cites: number[];
  /** Text the facts are read from: no markers, no list prefix. */
  factsText: string;
}

export interface AssembledAnswer {
  answer: Answer;
  /** Text still to stream so that everything streamed reads as the final answer. */
  rest: string;
}

export class AnswerAssembler {
  private buffer = "";
  private raw = "";
  /** The answer text kept so far. */
  private text = "";
  private emitted = "";
  private pendingGap = "";
  private removed = 0;
  /** Of the removed sentences, those removed for a validity statement their sources contradict. */
  private removedStatus = 0;
  private readonly kept: KeptSentence[] = [];
  /** Passage index (0-based) of each new citation number, in order: order[n - 1]. */
  private readonly order: number[] = [];
  private readonly evidence: string[][];
  private readonly think = new ThinkFilter();
  /** The refusal to give when the model opened with its "not found" reply; then the rest is ignored. */
  private modelRefusal: string | undefined;

  constructor(private readonly passages: Passage[]) {
    this.evidence = passages.map((p) => passageEvidence(p).map(normalizeEvidence));
  }

  /** Feed model output; returns verified text ready to show (possibly empty). */
  push(chunk: string): string {
    chunk = this.think.push(chunk);
    this.raw += chunk;
    this.buffer += chunk;
    const { segments, rest } = takeSentences(this.buffer, false);
    this.buffer = rest;
    segments.forEach((s) => this.process(s));
    return this.release();
  }

  /** The stream ended: settle the answer. */
  finish(): AssembledAnswer {
    const held = this.think.finish();
    this.raw += held;
    this.buffer += held;
    takeSentences(this.buffer, true).segments.forEach((s) => this.process(s));
    this.buffer = "";
    const answer = this.settle();
    const rest = answer.answer.startsWith(this.emitted)
      ? answer.answer.slice(this.emitted.length)
      : `\n\n${answer.answer}`;
    return { answer, rest };
  }

  private release(): string {
    if (this.order.length === 0) return "";
    const out = this.text.slice(this.emitted.length);
    this.emitted = this.text;
    return out;
  }

  private grounds(passageIndex: number, fact: string): boolean {
    return this.evidence[passageIndex].some((e) => containsFact(e, fact));
  }

  private process({ gap: rawGap, body }: Segment): void {
    if (this.modelRefusal !== undefined) return;
    const gap = [this.pendingGap, gapOf(rawGap)].reduce((a, b) => (b.length > a.length ? b : a));
    const placed = moveMarkersBeforeFinalPunct(body);
    const atLineStart = this.text === "" || gap.includes("\n");
    let factsText = stripMarkers(placed);
    if (atLineStart) factsText = factsText.replace(LIST_PREFIX, "");
    const facts = extractNumericFacts(factsText);
    // "Not found" before any cited statement is the model's refusal, even if it cites passages
    // (what it looked at) or goes on to say what it found instead: the question is not answered.
    if (this.order.length === 0 && isModelNotFound(factsText)) {
      this.modelRefusal = this.refusalWording(factsText, facts);
      return;
    }
    const inRange = (n: number) => n >= 1 && n <= this.passages.length;
    const cited = [
      ...new Set(
        parseMarkerGroups(placed)
          .flatMap((g) => g.numbers)
          .filter(inRange),
      ),
    ].map((n) => n - 1);

    let sentence = placed;
    let sources = cited;
    if (facts.length > 0) {
      if (cited.length > 0) {
        const ok = facts.every((f) => cited.some((i) => this.grounds(i, f)));
        if (!ok) return this.drop(gap);
      } else {
        const cover = this.coverFacts(factsText, facts);
        if (!cover) return this.drop(gap);
        sentence = appendMarkers(placed.trimEnd(), cover.map((i) => `[${i + 1}]`).join(""));
        sources = cover;
      }
    }
    // "Still in force / can apply" against a source saying it expired, or "expired" that no source
    // says: withheld like an ungrounded number. A sentence citing nothing answers to every passage.
    const statusSources = sources.length > 0 ? sources : this.passages.map((_, i) => i);
    if (
      !validityGrounded(
        factsText,
        statusSources.flatMap((i) => statusEvidence(this.passages[i])),
      )
    ) {
      this.removedStatus++;
      return this.drop(gap);
    }

    const cites: number[] = [];
    const rewritten = rewriteMarkers(sentence, (n) => {
      if (!inRange(n)) return undefined;
      let k = this.order.indexOf(n - 1) + 1;
      if (k === 0) k = this.order.push(n - 1);
      if (!cites.includes(k)) cites.push(k);
      return k;
    });
    this.text += (this.text ? gap : "") + rewritten;
    this.pendingGap = "";
    this.kept.push({ text: rewritten, cites, factsText });
  }

  /**
   * The model's own wording when it starts with 知识库中未找到 and every figure in it is in some
   * passage; otherwise ours (a paraphrased refusal or one stating an unverifiable number).
   */
  private refusalWording(text: string, facts: string[]): string {
    const grounded = facts.every((f) => this.passages.some((_, i) => this.grounds(i, f)));
    const own = text.trim();
    return own.startsWith(REFUSAL_PREFIX) && grounded ? own : DEFAULT_REFUSAL;
  }

  private drop(gap: string): void {
    this.removed++;
    this.pendingGap = gap;
  }

  /**
   * Passages (0-based) that together hold all `facts`, chosen greedily: passages already cited
   * first, then uncited ones similar to the sentence, most similar first. Undefined if impossible.
   */
  private coverFacts(factsText: string, facts: string[]): number[] | undefined {
    const grams = bigrams(factsText, true);
    const others = this.passages
      .map((p, i) => ({ i, sim: containment(grams, bigrams(p.chunk.text, true)) }))
      .filter(({ i, sim }) => !this.order.includes(i) && sim >= MIN_ATTACH_CONTAINMENT)
      .sort((a, b) => b.sim - a.sim || a.i - b.i)
      .map(({ i }) => i);
    const candidates = [...this.order, ...others];
    let missing = facts;
    const chosen: number[] = [];
    while (missing.length > 0) {
      let best = -1;
      let bestCount = 0;
      for (const i of candidates) {
        const count = missing.filter((f) => this.grounds(i, f)).length;
        if (count > bestCount) [best, bestCount] = [i, count];
      }
      if (best < 0) return undefined;
      chosen.push(best);
      missing = missing.filter((f) => !this.grounds(best, f));
    }
    return chosen;
  }

  private settle(): Answer {
    if (this.modelRefusal !== undefined) return refusalWith(this.modelRefusal, this.passages);
    const text = this.text.trim();
    if (this.order.length === 0) {
      if (text.includes(REFUSAL_PREFIX)) return refusalWith(text, this.passages);
      // The model refused but its refusal stated a number no passage holds: use our wording.
      if (this.raw.includes(REFUSAL_PREFIX)) return refusalWith(DEFAULT_REFUSAL, this.passages);
      return refusalWith(UNVERIFIABLE_REFUSAL, this.passages);
    }
    const citations = this.buildCitations();
    // Last line of defence: every number shown must appear in what the user is shown as its source.
    const all = citations.flatMap(citationEvidence);
    for (const s of this.kept) {
      const evidence = s.cites.length ? s.cites.flatMap((n) => citationEvidence(citations[n - 1])) : all;
      if (!checkGrounding(s.factsText, evidence).ok) return refusalWith(UNVERIFIABLE_REFUSAL, this.passages);
    }
    const note = this.removed > 0 ? `\n${removalNote(this.removed, this.removedStatus > 0 ? "内容" : "数字")}` : "";
    return { answer: text + note, refused: false, citations };
  }

  private buildCitations(): Citation[] {
    return this.order.map((passageIndex, k) => {
      const citing = this.kept.filter((s) => s.cites.includes(k + 1));
      const facts = [...new Set(citing.flatMap((s) => extractNumericFacts(s.factsText)))];
      const passage = this.passages[passageIndex];
      const span = selectQuoteSpan(
        passage,
        citing.map((s) => s.factsText),
        facts,
      );
      return makeCitation(k + 1, passage, span);
    });
  }
}

/** Post-process a complete model reply. */
export function postProcess(raw: string, passages: Passage[]): Answer {
  const assembler = new AnswerAssembler(passages);
  assembler.push(raw);
  return assembler.finish().answer;
}
