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

describe("law gates", () => {
  const run = (m: object) => ({ ...aggregate([]).overall, ...m });

  it("reads the law gates, the p95 in milliseconds rather than as a share", () => {
    expect(parseThresholds({ minWholeArticle: 0.3, minFirstCitationVersion: 0.6, maxAskP95Ms: 250 })).toEqual({
      minWholeArticle: 0.3,
      minFirstCitationVersion: 0.6,
      maxAskP95Ms: 250,
    });
    expect(() => parseThresholds({ maxAskP95Ms: 0 })).toThrow(/milliseconds/);
    expect(() => parseThresholds({ minWholeArticle: 30 })).toThrow(/0 to 1/);
  });

  it("fails below the law shares and above the ask p95", () => {
    const m = run({ wholeArticle: 0.5, firstCitationLaw: 0.8, firstCitationVersion: 0.7, latencyP95Ms: 120 });
    expect(checkThresholds(m, { minWholeArticle: 0.5, minFirstCitationLaw: 0.8, maxAskP95Ms: 120 })).toEqual([]);
    expect(checkThresholds(m, { minFirstCitationVersion: 0.75, maxAskP95Ms: 100 })).toEqual([
      { flag: "--min-first-citation-version", metric: "firstCitationVersion", actual: 0.7, limit: 0.75 },
      { flag: "--max-ask-p95-ms", metric: "latencyP95Ms", actual: 120, limit: 100 },
    ]);
  });

  it("the committed laws CI file parses", () => {
    const t = parseThresholds(JSON.parse(readFileSync("eval/thresholds/laws-ci.json", "utf8")));
    expect(t.minFirstCitationLaw).toBeGreaterThan(0);
  });
});
