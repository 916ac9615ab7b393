import { describe, expect, it } from "vitest";
import {
  COLLOQUIAL_SHARE,
  coverage,
  gateTerms,
  gateWeights,
  MIN_EVIDENCE_COVERAGE,
} from "../../src/answer/evidence.js";
import { namedPlaces } from "../../src/answer/place-names.js";
import { tagWords } from "../../src/text/tokenize.js";

const UNSEEN = 5.01;
const isPlace = (t: string) => namedPlaces(t).length > 0;
const sentence = "围绕提升产业竞争力，聚焦集成电路、5G通信、高端装备、医疗器械等重点领域，组织开展技术攻关重点项目。";

describe("gateTerms", () => {
  it("weighs a word the corpus never uses and the thesaurus does not know at a share of its weight", () => {
    const terms = [
      { term: "卡脖子", weight: 3.06, alternatives: ["关键核心技术"] },
      { term: "冲着", weight: UNSEEN },
      { term: "行业", weight: 3.06 },
    ];
    const gated = gateTerms(terms, UNSEEN, isPlace);
    expect(gated.map((t) => t.absentShare)).toEqual([undefined, COLLOQUIAL_SHARE, undefined]);
  });

  it("keeps in full an unseen year, figure or place, and an unseen word the thesaurus knows", () => {
    const terms = [
      { term: "2022", weight: UNSEEN },
      { term: "宁波", weight: UNSEEN },
      { term: "诺贝尔奖", weight: UNSEEN, alternatives: ["诺奖"] },
    ];
    expect(gateTerms(terms, UNSEEN, isPlace)).toEqual(terms);
  });

  it("weighs a colloquial word in full where the text holds it", () => {
    const gated = gateTerms(
      [
        { term: "攻关", weight: 2.45 },
        { term: "重点领域", weight: UNSEEN },
      ],
      UNSEEN,
      isPlace,
    );
    expect(coverage(gated, sentence)).toBe(1);
    expect(coverage(gated, "组织开展技术攻关。")).toBeCloseTo(2.45 / (2.45 + UNSEEN * COLLOQUIAL_SHARE));
  });

  it("lets a colloquial question over a passage that answers it pass the bar it failed", () => {
    const terms = [
      { term: "攻关", weight: 2.45 },
      { term: "冲着", weight: UNSEEN },
      { term: "瞄准", weight: UNSEEN },
      { term: "领域", weight: 3.06 },
    ];
    expect(coverage(terms, sentence)).toBeLessThan(MIN_EVIDENCE_COVERAGE);
    expect(coverage(gateTerms(terms, UNSEEN, isPlace), sentence)).toBeGreaterThanOrEqual(MIN_EVIDENCE_COVERAGE);
  });
});

describe("gateWeights", () => {
  // An index's statistics: every word here is one the corpus never uses except 行业.
  const index = { idf: (t: string) => (t === "行业" ? 3.06 : UNSEEN) };

  it("discounts an unseen word the tagger reads as a preposition, verb or adverb: how staff talk", () => {
    const terms = [
      { term: "冲着", weight: UNSEEN },
      { term: "行业", weight: 3.06 },
    ];
    const gated = gateWeights(terms, index, tagWords("卡脖子攻坚主要冲着哪些行业？"));
    expect(gated.map((t) => t.absentShare)).toEqual([COLLOQUIAL_SHARE, undefined]);
  });

  it("keeps in full an unseen noun or Latin word: what is asked about, which the corpus may lack", () => {
    const gdp = [{ term: "gdp", weight: UNSEEN }];
    expect(gateWeights(gdp, index, tagWords("深圳2021年GDP多少？"))[0].absentShare).toBeUndefined();
    const area = [
      { term: "规划", weight: UNSEEN },
      { term: "面积", weight: UNSEEN },
    ];
    expect(gateWeights(area, index, tagWords("惠州都市区规划面积多大？")).map((t) => t.absentShare)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("keeps in full a word the tagger never cut whole (a search-mode part of a longer word)", () => {
    const part = [{ term: "都市", weight: UNSEEN }];
    expect(gateWeights(part, index, tagWords("惠州都市区规划面积多大？"))[0].absentShare).toBeUndefined();
  });
});
