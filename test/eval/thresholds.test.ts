import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { aggregate } from "../../src/eval/scoring.js";
import { checkThresholds, parseThresholds, ThresholdsError } from "../../src/eval/thresholds.js";

describe("threshold files", () => {
  it("accepts the known keys and a $comment", () => {
    expect(parseThresholds({ $comment: "x", minDocHit1: 0.8, minSpanContained: 0.5 })).toEqual({
      minDocHit1: 0.8,
      minSpanContained: 0.5,
    });
  });

  it("rejects unknown keys and values outside 0..1", () => {
    expect(() => parseThresholds({ minHit7: 0.5 })).toThrow(ThresholdsError);
    expect(() => parseThresholds({ minHit1: 1.5 })).toThrow(/0 to 1/);
    expect(() => parseThresholds([])).toThrow(ThresholdsError);
  });

  it("the committed ncpqa CI file parses", () => {
    const t = parseThresholds(JSON.parse(readFileSync("eval/thresholds/ncpqa-ci.json", "utf8")));
    expect(t.minDocHit1).toBeGreaterThan(0.5);
  });

  it("fails a gate whose metric cannot be computed (no modes in the run)", () => {
    const m = aggregate([]).overall;
    expect(checkThresholds(m, { minDocHit1: 0.5 })).toEqual([
      { flag: "--min-doc-hit1", metric: "hybrid.document.hit1", actual: null, limit: 0.5 },
    ]);
  });
});

describe("mean lexical overlap gate", () => {
  const withOverlap = (meanLexicalOverlap: number | null) => ({ ...aggregate([]).overall, meanLexicalOverlap });

  it("is a known key, read from files and flags alike", () => {
    expect(parseThresholds({ maxMeanOverlap: 0.5 })).toEqual({ maxMeanOverlap: 0.5 });
  });

  it("passes at or below the limit and fails above it", () => {
    expect(checkThresholds(withOverlap(0.326), { maxMeanOverlap: 0.5 })).toEqual([]);
    expect(checkThresholds(withOverlap(0.5), { maxMeanOverlap: 0.5 })).toEqual([]);
    expect(checkThresholds(withOverlap(0.62), { maxMeanOverlap: 0.5 })).toEqual([
      { flag: "--max-mean-overlap", metric: "meanLexicalOverlap", actual: 0.62, limit: 0.5 },
    ]);
  });

  it("fails when no question has a gold passage to measure against", () => {
    expect(checkThresholds(withOverlap(null), { maxMeanOverlap: 0.5 })).toEqual([
      { flag: "--max-mean-overlap", metric: "meanLexicalOverlap", actual: null, limit: 0.5 },
    ]);
  });
});
