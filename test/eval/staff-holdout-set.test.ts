/**
 * The staff hold-out set checks the mechanism with questions nobody tuned against, so it must at
 * least be what it claims: big enough, every question in a wording family, and every gold quote and
 * fact really in its corpus document (a wrong gold is worse than no question). Pure checks on the
 * file and the corpus; no index is built.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadQuestionSet, type EvalQuestion } from "../../src/eval/question-set.js";
import { goldMissingFromCorpus } from "../helpers/gold-in-corpus.js";
import { setShape, WORDING_FAMILIES } from "../helpers/eval-set-shape.js";

const SET = "eval/sets/staff-holdout.jsonl";
const CORPUS = "corpus";
/** The paraphrase set's families, and terse questions, split ones and questions off every topic. */
const FAMILIES = [...WORDING_FAMILIES, "terse", "split", "off-topic"];

let questions: EvalQuestion[];

beforeAll(async () => {
  questions = await loadQuestionSet(SET);
});

describe("staff hold-out eval set", () => {
  it("holds at least 90 answerable and 35 unanswerable questions, each in a family", () => {
    const shape = setShape(questions, FAMILIES);
    expect(shape.answerable).toBeGreaterThanOrEqual(90);
    expect(shape.unanswerable).toBeGreaterThanOrEqual(35);
    expect(questions.every((q) => q.id.startsWith("h-"))).toBe(true);
    expect(shape.untagged).toEqual([]);
  });

  it("has every gold quote and fact in its corpus document", async () => {
    const missing = await goldMissingFromCorpus(questions, CORPUS, { facts: true });
    expect(missing).toEqual([]);
  });

  it("shares no question with the sample and paraphrase sets", async () => {
    const others = new Set<string>();
    for (const set of ["eval/sets/sample.jsonl", "eval/sets/paraphrase.jsonl"])
      for (const q of await loadQuestionSet(set)) others.add(q.question);
    expect(questions.filter((q) => others.has(q.question)).map((q) => q.id)).toEqual([]);
  });
});
