import { describe, expect, it } from "vitest";
import {
  COLLOQUIAL_SHARE,
  coverage,
  type EvidenceIndex,
  gateTerms,
  gateWeights,
  MIN_EVIDENCE_COVERAGE,
  questionEvidence,
  termPresence,
  UNSEEN_WORD,
} from "../../src/answer/evidence.js";
import { questionTerms } from "../../src/retrieve/query-terms.js";
import { parseThesaurus } from "../../src/retrieve/thesaurus.js";
import { createTokenizer } from "../../src/text/tokenize.js";
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

  it("keeps in full an unseen year, figure or place", () => {
    const terms = [
      { term: "2022", weight: UNSEEN },
      { term: "宁波", weight: UNSEEN },
    ];
    expect(gateTerms(terms, UNSEEN, isPlace)).toEqual(terms);
  });

  it("weighs a word naming the kind of answer at a share, however common the word", () => {
    const gated = gateTerms([{ term: "机构", weight: 2.6 }], UNSEEN, () => true, ["机构"]);
    expect(gated[0].absentShare).toBe(COLLOQUIAL_SHARE);
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
    const gated = gateWeights(terms, index, tagWords("卡脖子攻坚在行业里主要冲着哪些难题？"));
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

describe("gateWeights: synonyms and the kind of answer", () => {
  // 符合 and 机构 are words the corpus uses; 满足, 达标 and 面向 are not.
  const used = new Map([
    ["符合", 3.9],
    ["机构", 2.6],
    ["知识产权", 2.6],
  ]);
  const index = { idf: (t: string) => used.get(t) ?? UNSEEN };

  it("keeps in full an unseen spoken word whose synonym the corpus uses: the documents could say it", () => {
    const terms = [{ term: "满足", weight: UNSEEN, alternatives: ["符合"] }];
    expect(gateWeights(terms, index, tagWords("需要满足什么条件？"))[0].absentShare).toBeUndefined();
  });

  it("discounts an unseen spoken word whose synonyms the corpus never uses either", () => {
    const terms = [{ term: "满足", weight: UNSEEN, alternatives: ["达标"] }];
    expect(gateWeights(terms, index, tagWords("需要满足什么条件？"))[0].absentShare).toBe(COLLOQUIAL_SHARE);
  });

  it("discounts the noun after 哪家 that names the kind of answer, not the topic before it", () => {
    const terms = [
      { term: "知识产权", weight: 2.6 },
      { term: "机构", weight: 3.1 },
    ];
    const gated = gateWeights(terms, index, tagWords("知识产权业务依托的是哪家机构？"));
    expect(gated.map((t) => t.absentShare)).toEqual([undefined, COLLOQUIAL_SHARE]);
    const passage = "依托中国（深圳）知识产权保护中心搭建起一站式服务平台。";
    expect(coverage(terms, passage)).toBeLessThan(MIN_EVIDENCE_COVERAGE);
    expect(coverage(gated, passage)).toBeGreaterThanOrEqual(MIN_EVIDENCE_COVERAGE);
  });
});

describe("termPresence", () => {
  it("counts a two-word compound said in the other order as present", () => {
    expect(termPresence({ term: "引进人才", weight: 1 }, "人才引进突出高精尖缺导向")).toBe(1);
  });

  it("gives only partial credit when the two words stand apart", () => {
    const presence = termPresence({ term: "引进人才", weight: 1 }, "引进高端装备，培育人才");
    expect(presence).toBeGreaterThan(0);
    expect(presence).toBeLessThan(1);
  });
});

describe("questionEvidence", () => {
  const thesaurus = parseThesaurus("挂网 => 公示\n", "test").thesaurus;
  const tokenize = createTokenizer();
  const idf = (t: string) => (t === UNSEEN_WORD ? UNSEEN : ["评审", "结果", "公示"].includes(t) ? 2 : UNSEEN);
  const index: EvidenceIndex = {
    questionTerms: (q) => questionTerms(q, { tokenize, idf, thesaurus }),
    idf,
    documentHead: () => "",
  };
  const passage = {
    chunk: { docId: "d", text: "评审结果在市工信局网站公示7日。", sectionPath: [] },
    meta: { title: "操作规程" },
  };

  it("passes a question asking two things when one part is well covered, though the whole is not", () => {
    const question = "评审结果挂网几天？对结果有疑问的话多久内复查？";
    const whole = coverage(index.questionTerms(question), `操作规程 ${passage.chunk.text}`);
    expect(whole).toBeLessThan(MIN_EVIDENCE_COVERAGE);
    expect(questionEvidence(question, [passage], index, false)).toBeGreaterThanOrEqual(MIN_EVIDENCE_COVERAGE);
  });

  it("does not pass a question with one part when that part is not covered", () => {
    expect(questionEvidence("对结果有疑问的话多久内复查？", [passage], index, false)).toBeLessThan(
      MIN_EVIDENCE_COVERAGE,
    );
  });
});

describe("termPresence of a compound with a word between its parts", () => {
  it("counts 攻关项目 present in 技术攻关重点项目, not when the parts stand far apart", () => {
    expect(termPresence({ term: "攻关项目", weight: 1 }, "组织开展技术攻关重点项目")).toBe(1);
    expect(termPresence({ term: "攻关项目", weight: 1 }, "开展攻关，并对已验收的项目进行抽查")).toBeLessThan(1);
  });
});
