/**
 * The paraphrase set is only worth running if it stays what it claims to be: big enough, every
 * gold quote really in its document (a wrong gold is worse than no question), and worded away
 * from the documents. Pure checks on the file and the corpus; no index is built.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { meanLexicalOverlap } from "../../src/eval/lexical-overlap.js";
import { loadQuestionSet, type EvalQuestion } from "../../src/eval/question-set.js";
import { goldMissingFromCorpus } from "../helpers/gold-in-corpus.js";
import { setShape, WORDING_FAMILIES } from "../helpers/eval-set-shape.js";

const SET = "eval/sets/paraphrase.jsonl";
const CORPUS = "corpus";

let questions: EvalQuestion[];

beforeAll(async () => {
  questions = await loadQuestionSet(SET);
});

describe("paraphrase eval set", () => {
  it("holds at least 150 answerable and 40 unanswerable questions, each in a family", () => {
    const shape = setShape(questions, WORDING_FAMILIES);
    expect(shape.answerable).toBeGreaterThanOrEqual(150);
    expect(shape.unanswerable).toBeGreaterThanOrEqual(40);
    expect(questions.every((q) => q.id.startsWith("p-"))).toBe(true);
    expect(shape.untagged).toEqual([]);
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
