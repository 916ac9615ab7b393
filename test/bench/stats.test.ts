import { describe, expect, it } from "vitest";
import { median, percentile, rate, ratio, summarize } from "../../src/bench/stats.js";

describe("bench stats", () => {
  it("when asked for percentiles, then it uses the nearest rank of the sorted values", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile(values, 0)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
  });

  it("when there are no values, then percentiles are NaN rather than a made-up 0", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([]).p95).toBeNaN();
    expect(rate([])).toBeNaN();
  });

  it("when 20 latencies are summarized, then p95 is the 19th and max the 20th", () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(summarize(values)).toEqual({ n: 20, p50: 100, p95: 190, max: 200, mean: 105 });
  });

  it("when a side is missing or zero, then there is no ratio", () => {
    expect(ratio(6, 3)).toBe(2);
    expect(ratio(undefined, 3)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
    expect(ratio(NaN, 1)).toBeUndefined();
  });

  it("counts the share of hits", () => {
    expect(rate([true, false, true, true])).toBe(0.75);
  });
});
