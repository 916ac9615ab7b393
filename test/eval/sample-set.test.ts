/**
 * The CI gate: the whole sample set runs in-process against a fresh index of ./corpus with the
 * offline answerer. Thresholds sit just under the measured figures, so losing one question fails.
 * Measured (extractive answerer, local embeddings, 75 questions): hit@1 56/59, hit@5 59/59,
 * MRR 0.975, facts 57/59, grounded 100%, quote holds facts 57/58, refusals 16/16, false refusals 1/59.
 * Since the wording work (thesaurus, document facts; 2026-11-29): facts 59/59, false refusals 0/59.
 */
import { describe, expect, it } from "vitest";
import { checkThresholds } from "../../src/eval/thresholds.js";
import { useOfflineEval } from "../helpers/offline-eval.js";

const SET = "eval/sets/sample.jsonl";
const evalResult = useOfflineEval(SET);

describe("sample eval set", () => {
  it("has the intended mix of questions", () => {
    const m = evalResult().aggregate.overall;
    expect(m.questions).toBeGreaterThanOrEqual(48);
    expect(m.unanswerable).toBeGreaterThanOrEqual(12);
    expect(evalResult().aggregate.byCategory.which.questions).toBeGreaterThanOrEqual(6);
    expect(evalResult().answerer).toBe("extractive");
  });

  it("meets the regression thresholds", () => {
    const violations = checkThresholds(evalResult().aggregate.overall, {
      minHit1: 0.94,
      minHit5: 0.99,
      minMrr: 0.97,
      minFactAccuracy: 0.98,
      minGrounded: 0.99,
      minRefusalAccuracy: 0.99,
      maxFalseRefusal: 0.02,
    });
    const failures = evalResult()
      .questions.filter((q) => q.diagnosis)
      .map((q) => `${q.id}: ${q.diagnosis}`);
    expect(violations, `failing questions:\n${failures.join("\n")}`).toEqual([]);
    expect(evalResult().aggregate.overall.quoteHoldsFacts).toBeGreaterThanOrEqual(0.98);
  });

  it("never states a number its citations do not hold", () => {
    const ungrounded = evalResult()
      .questions.filter((q) => q.grounded === false)
      .map((q) => `${q.id}: ${q.ungrounded!.join(", ")}`);
    expect(ungrounded).toEqual([]);
  });
});
