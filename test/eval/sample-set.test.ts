/**
 * The CI gate: the whole sample set runs in-process against a fresh index of ./corpus with the
 * offline answerer. Thresholds sit just under the measured figures, so losing one question fails.
 * Measured (extractive answerer, local embeddings, 75 questions): hit@1 56/59, hit@5 59/59,
 * MRR 0.975, facts 57/59, grounded 100%, quote holds facts 57/58, refusals 16/16, false refusals 1/59.
 * Since the wording work (thesaurus, document facts; 2026-11-29): facts 59/59, false refusals 0/59.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadQuestionSet } from "../../src/eval/question-set.js";
import { openEvalKnowledgeBase, runEval, type EvalResult } from "../../src/eval/runner.js";
import { checkThresholds } from "../../src/eval/thresholds.js";

const SET = "eval/sets/sample.jsonl";
/** Fixed "today", so notes about whether a rule is in force do not change with the calendar. */
const TODAY = new Date("2025-06-01T12:00:00+08:00");

let dataDir: string;
let result: EvalResult;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "gxj-eval-"));
  // An explicit, key-free environment: the gate measures the offline pipeline whatever .env says.
  const kb = await openEvalKnowledgeBase({ config: loadConfig({}), dataDir, corpusDir: "./corpus", now: () => TODAY });
  result = await runEval(kb, await loadQuestionSet(SET), { set: SET, today: TODAY });
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("sample eval set", () => {
  it("has the intended mix of questions", () => {
    const m = result.aggregate.overall;
    expect(m.questions).toBeGreaterThanOrEqual(48);
    expect(m.unanswerable).toBeGreaterThanOrEqual(12);
    expect(result.aggregate.byCategory.which.questions).toBeGreaterThanOrEqual(6);
    expect(result.answerer).toBe("extractive");
  });

  it("meets the regression thresholds", () => {
    const violations = checkThresholds(result.aggregate.overall, {
      minHit1: 0.94,
      minHit5: 0.99,
      minMrr: 0.97,
      minFactAccuracy: 0.98,
      minGrounded: 0.99,
      minRefusalAccuracy: 0.99,
      maxFalseRefusal: 0.02,
    });
    const failures = result.questions.filter((q) => q.diagnosis).map((q) => `${q.id}: ${q.diagnosis}`);
    expect(violations, `failing questions:\n${failures.join("\n")}`).toEqual([]);
    expect(result.aggregate.overall.quoteHoldsFacts).toBeGreaterThanOrEqual(0.98);
  });

  it("never states a number its citations do not hold", () => {
    const ungrounded = result.questions
      .filter((q) => q.grounded === false)
      .map((q) => `${q.id}: ${q.ungrounded!.join(", ")}`);
    expect(ungrounded).toEqual([]);
  });
});
