/**
 * The CI gate of the paraphrase set: eval/sets/paraphrase.jsonl runs in-process against a fresh
 * index of ./corpus with the offline answerer, and must meet eval/thresholds/paraphrase-ci.json
 * (a few points under the figures measured when it was last changed; its $comment lists them).
 * The set asks in staff's own words, so its figures sit well below the sample set's: the gate
 * catches a regression in understanding paraphrases, not only in matching the documents' words.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadQuestionSet } from "../../src/eval/question-set.js";
import { openEvalKnowledgeBase, runEval, type EvalResult } from "../../src/eval/runner.js";
import { checkThresholds, parseThresholds, type Thresholds } from "../../src/eval/thresholds.js";

const SET = "eval/sets/paraphrase.jsonl";
const THRESHOLDS = "eval/thresholds/paraphrase-ci.json";
/** Fixed "today", so notes about whether a rule is in force do not change with the calendar. */
const TODAY = new Date("2025-06-01T12:00:00+08:00");

let dataDir: string;
let result: EvalResult;
let thresholds: Thresholds;

beforeAll(async () => {
  thresholds = parseThresholds(JSON.parse(await readFile(THRESHOLDS, "utf8")), THRESHOLDS);
  dataDir = await mkdtemp(path.join(os.tmpdir(), "gxj-eval-paraphrase-"));
  // An explicit, key-free environment: the gate measures the offline pipeline whatever .env says.
  const kb = await openEvalKnowledgeBase({ config: loadConfig({}), dataDir, corpusDir: "./corpus", now: () => TODAY });
  result = await runEval(kb, await loadQuestionSet(SET), { set: SET, today: TODAY });
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("paraphrase eval set gate", () => {
  it("runs the whole set offline", () => {
    const m = result.aggregate.overall;
    expect(m.answerable).toBeGreaterThanOrEqual(150);
    expect(m.unanswerable).toBeGreaterThanOrEqual(40);
    expect(result.answerer).toBe("extractive");
  });

  it("gates the answer figures: facts, refusals, false refusals, retrieval", () => {
    // The file must keep gating what matters most on this set.
    for (const key of ["minFactAccuracy", "minRefusalAccuracy", "maxFalseRefusal", "minHit5"] as const)
      expect(thresholds[key], key).toBeDefined();
    const violations = checkThresholds(result.aggregate.overall, thresholds);
    const failures = result.questions.filter((q) => q.diagnosis).map((q) => `${q.id}: ${q.diagnosis}`);
    expect(violations, `failing questions:\n${failures.join("\n")}`).toEqual([]);
  });

  it("stays worded away from the documents: mean overlap with the gold quotes below 0.5", () => {
    const measured = result.questions.filter((q) => q.lexicalOverlap != null);
    expect(measured.length).toBe(result.aggregate.overall.answerable);
    expect(result.aggregate.overall.meanLexicalOverlap).toBeLessThan(0.5);
  });
});
