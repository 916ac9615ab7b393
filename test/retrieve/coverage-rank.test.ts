import { describe, expect, it } from "vitest";
import { coverageShare, rankByScore, wordHolds } from "../../src/retrieve/coverage-rank.js";

const occursIn = (text: string) => (unit: string) => text.includes(unit);

describe("coverageShare", () => {
  it("when every unit is present, then the share is 1", () => {
    const units = [
      { term: "平台", weight: 2 },
      { term: "扶持", weight: 3 },
    ];
    expect(coverageShare(units, occursIn("公共技术服务平台扶持计划"))).toBe(1);
  });

  it("counts each unit once by its weight, however often the text repeats it", () => {
    const units = [
      { term: "平台", weight: 1 },
      { term: "年度", weight: 3 },
    ];
    expect(coverageShare(units, occursIn("平台平台平台平台"))).toBeCloseTo(0.25);
    expect(coverageShare(units, occursIn("年度"))).toBeCloseTo(0.75);
  });

  it("when there is nothing to cover, then the share is 0", () => {
    expect(coverageShare([], occursIn("任何文本"))).toBe(0);
    expect(coverageShare([{ term: "平台", weight: 0 }], occursIn("平台"))).toBe(0);
  });
});

describe("wordHolds", () => {
  const terms = [
    { term: "资助", weight: 1, alternatives: ["扶持", "补助"] },
    { term: "上限", weight: 1 },
  ];

  it("when the text has a thesaurus alternative of the word, then the word holds", () => {
    const holds = wordHolds(terms)(occursIn("按年度给予扶持"));
    expect(holds("资助")).toBe(true);
    expect(holds("上限")).toBe(false);
  });

  it("when neither the word nor an alternative occurs, then it does not hold", () => {
    expect(wordHolds(terms)(occursIn("最高不超过500万元"))("资助")).toBe(false);
  });
});

describe("rankByScore", () => {
  it("orders by score, drops ids scoring 0, and keeps the given order among equals", () => {
    const scores: Record<string, number> = { a: 0.5, b: 0.9, c: 0, d: 0.5 };
    expect(rankByScore(["d", "a", "b", "c"], (id) => scores[id])).toEqual(["b", "d", "a"]);
  });
});
