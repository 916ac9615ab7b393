/**
 * The staff hold-out set checks the mechanism with questions nobody tuned against, so it must at
 * least be what it claims: big enough, every question in a wording family, and every gold quote and
 * fact really in its corpus document (a wrong gold is worse than no question). Pure checks on the
 * file and the corpus; no index is built.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { factLabel, factPresent } from "../../src/eval/match.js";
import { loadQuestionSet, type EvalQuestion } from "../../src/eval/question-set.js";

const SET = "eval/sets/staff-holdout.jsonl";
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
  "terse",
  "split",
  "near-miss",
  "off-topic",
];

let questions: EvalQuestion[];

beforeAll(async () => {
  questions = await loadQuestionSet(SET);
});

describe("staff hold-out eval set", () => {
  it("holds at least 90 answerable and 35 unanswerable questions, each in a family", () => {
    expect(questions.filter((q) => q.answerable).length).toBeGreaterThanOrEqual(90);
    expect(questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(35);
    expect(questions.every((q) => q.id.startsWith("h-"))).toBe(true);
    const untagged = questions.filter((q) => !q.tags?.some((t) => FAMILIES.includes(t))).map((q) => q.id);
    expect(untagged).toEqual([]);
  });

  it("has every gold quote and fact in its corpus document", async () => {
    const texts = new Map<string, string>();
    const missing: string[] = [];
    for (const q of questions) {
      if (!q.gold) continue;
      let text = texts.get(q.gold.docId);
      if (text === undefined) {
        text = await readFile(path.join(CORPUS, q.gold.docId), "utf8");
        texts.set(q.gold.docId, text);
      }
      if (!q.gold.quote || !text.includes(q.gold.quote)) missing.push(`${q.id}: quote ${q.gold.quote ?? "(none)"}`);
      for (const f of q.facts) if (!factPresent([text], f)) missing.push(`${q.id}: fact ${factLabel(f)}`);
    }
    expect(missing).toEqual([]);
  });

  it("shares no question with the sample and paraphrase sets", async () => {
    const others = new Set<string>();
    for (const set of ["eval/sets/sample.jsonl", "eval/sets/paraphrase.jsonl"])
      for (const q of await loadQuestionSet(set)) others.add(q.question);
    expect(questions.filter((q) => others.has(q.question)).map((q) => q.id)).toEqual([]);
  });
});
