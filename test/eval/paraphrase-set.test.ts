/**
 * The paraphrase set is only worth running if it stays what it claims to be: big enough, every
 * gold quote really in its document (a wrong gold is worse than no question), and worded away
 * from the documents. Pure checks on the file and the corpus; no index is built.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { meanLexicalOverlap } from "../../src/eval/lexical-overlap.js";
import { loadQuestionSet, type EvalQuestion } from "../../src/eval/question-set.js";
import { goldMissingFromCorpus } from "../helpers/gold-in-corpus.js";

const SET = "eval/sets/paraphrase.jsonl";
const CORPUS = "corpus";
const FAMILIES = [
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

let questions: EvalQuestion[];

beforeAll(async () => {
  questions = await loadQuestionSet(SET);
});

describe("paraphrase eval set", () => {
  it("holds at least 150 answerable and 40 unanswerable questions, each in a family", () => {
    expect(questions.filter((q) => q.answerable).length).toBeGreaterThanOrEqual(150);
    expect(questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(40);
    expect(questions.every((q) => q.id.startsWith("p-"))).toBe(true);
    const untagged = questions.filter((q) => !q.tags?.some((t) => FAMILIES.includes(t))).map((q) => q.id);
    expect(untagged).toEqual([]);
  });

  it("has every gold quote verbatim in its corpus document", async () => {
    const missing = await goldMissingFromCorpus(questions, CORPUS, { facts: false });
    expect(missing).toEqual([]);
  });

  it("is worded away from the documents: mean overlap with the gold quote below 0.5", () => {
    const pairs = questions.filter((q) => q.answerable).map((q) => ({ question: q.question, passage: q.gold!.quote! }));
    const mean = meanLexicalOverlap(pairs);
    expect(mean).toBeDefined();
    expect(mean!).toBeLessThan(0.5);
  });
});
