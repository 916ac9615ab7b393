import { describe, expect, it } from "vitest";
import { scaledToAsked, synonymBonus } from "../../src/retrieve/synonym-bonus.js";

describe("synonymBonus", () => {
  it("when the document lacks the asked word, then its best alternative stands in at the weight", () => {
    expect(synonymBonus([{ asked: 0, alternatives: [1.5, 4] }], 0.5)).toBe(2);
  });

  it("when the document has the asked word, then its synonyms add nothing, however often it uses them", () => {
    expect(synonymBonus([{ asked: 0.3, alternatives: [9] }], 0.5)).toBe(0);
  });

  it("adds the stand-ins of every missing word, and nothing without alternatives", () => {
    const words = [
      { asked: 0, alternatives: [2] },
      { asked: 1, alternatives: [3] },
      { asked: 0, alternatives: [] },
    ];
    expect(synonymBonus(words, 0.5)).toBe(1);
  });
});

describe("scaledToAsked", () => {
  it("puts a longer alternative on the asked word's scale, per bigram", () => {
    expect(scaledToAsked(6, 6, 2)).toBe(2);
    expect(scaledToAsked(3, 1, 0)).toBe(3);
  });
});
