import { describe, expect, it } from "vitest";
import { coverage, termPresence } from "../../src/answer/evidence.js";
import { questionTerms } from "../../src/retrieve/query-terms.js";
import { parseThesaurus } from "../../src/retrieve/thesaurus.js";
import { createTokenizer } from "../../src/text/tokenize.js";

const thesaurus = parseThesaurus(
  "扶持,资助,补助\n工信局 => 工业和信息化局\n最多,最高不超过,上限\n数转 => 数字化转型\n",
  "test",
).thesaurus;
const sources = { tokenize: createTokenizer(), idf: () => 1, thesaurus };
const PASSAGE = "由市工业和信息化局按照不超过实际投资额的30%给予扶持，且年度最高不超过500万元。";

describe("questionTerms", () => {
  it("when a word has thesaurus synonyms, then they travel with it as alternatives", () => {
    const terms = questionTerms("平台资助比例是多少？", sources);
    expect(terms.find((t) => t.term === "资助")?.alternatives).toEqual(expect.arrayContaining(["扶持", "补助"]));
  });

  it("when the tokenizer cuts a thesaurus phrase apart, then its heaviest piece carries the phrase's synonyms", () => {
    const terms = questionTerms("工信局给的资助最多多少？", sources);
    const alternatives = terms.flatMap((t) => t.alternatives ?? []);
    expect(alternatives).toContain("工业和信息化局");
    expect(alternatives).toContain("最高不超过");
  });

  it("when the tokenizer cuts a thesaurus phrase into single characters, then the phrase is asked whole", () => {
    const terms = questionTerms("数转补贴封顶多少？", sources);
    expect(terms.map((t) => t.term)).not.toContain("数");
    expect(terms.map((t) => t.term)).not.toContain("转");
    const phrase = terms.find((t) => t.term === "数转");
    expect(phrase?.alternatives).toEqual(["数字化转型"]);
    // Its characters elsewhere (数据, 转化) are not the phrase; its synonym is.
    expect(termPresence(phrase!, "开展数据挖掘和成果转化")).toBe(0);
    expect(termPresence(phrase!, "中小企业数字化转型扶持计划")).toBe(1);
  });

  it("when a question is worded colloquially, then its filler words are not asked for", () => {
    const terms = questionTerms("那个平台打算跟谁一起搞？", sources).map((t) => t.term);
    for (const filler of ["那个", "打算", "跟", "谁", "一起", "搞"]) expect(terms).not.toContain(filler);
    expect(terms).toContain("平台");
  });

  it("when a question is worded in the written style (有何, 何种), then its question word is not asked for", () => {
    const terms = questionTerms("企业复工有何要求？采取何种措施？", sources).map((t) => t.term);
    expect(terms).not.toContain("何");
    expect(terms).not.toContain("何种");
    expect(terms).toEqual(expect.arrayContaining(["企业", "复工", "要求", "措施"]));
  });

  it("when a question is a request (能给我介绍一下), then the request's words are not asked for", () => {
    const terms = questionTerms("能给我介绍一下什么是BCPL么？", sources).map((t) => t.term);
    expect(terms).toEqual(["bcpl"]);
  });
});

describe("evidence coverage with synonyms and partial credit", () => {
  it("when the passage says 扶持 and the question 资助, then the word counts as present", () => {
    expect(coverage(questionTerms("工信局资助多少？", sources), PASSAGE)).toBe(1);
    expect(
      coverage(
        questionTerms("工信局资助多少？", { ...sources, thesaurus: parseThesaurus("", "x").thesaurus }),
        PASSAGE,
      ),
    ).toBeLessThan(1);
  });

  it("when a long word is missing but shares bigrams with the text, then it earns partial credit below half", () => {
    const partial = termPresence({ term: "提出异议", weight: 1 }, "有异议的，由市工信局组织复核");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(0.5);
  });

  it("when a number differs by one digit, then it earns no credit at all", () => {
    expect(termPresence({ term: "20210385", weight: 1 }, "第20210384号提案")).toBe(0);
  });
});

describe("question words in the terms", () => {
  it("when jieba glues a question word to its noun (哪些项目), then the noun is the term", () => {
    const words = questionTerms("重庆市哪些项目已于2月下旬复工？", sources).map((t) => t.term);
    expect(words).toContain("项目");
    expect(words).not.toContain("哪些项目");
  });

  it("when a question asks what a term means (所谓……指的是什么), then 所谓 and 指 are not asked for", () => {
    const words = questionTerms("在疫情期间，所谓落实督办机制指的是什么？", sources).map((t) => t.term);
    expect(words).not.toContain("所谓");
    expect(words).not.toContain("指");
    expect(words).toContain("督办");
  });
});
