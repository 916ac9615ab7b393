import { describe, expect, it } from "vitest";
import {
  goldPassage,
  lexicalOverlap,
  lexicalOverlapDetail,
  meanLexicalOverlap,
  questionOverlap,
  sentencesAround,
} from "../../src/eval/lexical-overlap.js";
import type { EvalQuestion } from "../../src/eval/question-set.js";
import { createTokenizer } from "../../src/text/tokenize.js";

const tokenize = createTokenizer();
const CAP_500 = "年度最高不超过500万元";

describe("lexical overlap", () => {
  it("is 1 for a question made of the passage's own words", () => {
    const d = lexicalOverlapDetail("单个项目资助金额最高多少？", "单个项目资助金额最高不超过200万元", tokenize);
    expect(d.words).toEqual(["单个", "项目", "资助", "金额", "最高"]);
    expect(d.overlap).toBe(1);
  });

  it("is low for a paraphrase: only the shared words count", () => {
    // 平台 / 补助 / 1 / 年 / 封顶 / 钱: only 年 (from 年度) is in the passage.
    const d = lexicalOverlapDetail("平台补助一年封顶多少钱？", CAP_500, tokenize);
    expect(d.shared).toEqual(["年"]);
    expect(d.overlap).toBeCloseTo(1 / 6, 10);
  });

  it("normalizes both sides, so Chinese numerals meet digits", () => {
    const d = lexicalOverlapDetail("最多给五百万吗", CAP_500, tokenize);
    expect(d.words).toEqual(["最", "多", "500", "万"]);
    expect(d.shared).toEqual(["最", "500", "万"]);
    expect(d.overlap).toBe(0.75);
  });

  it("counts distinct words once and ignores question words", () => {
    expect(lexicalOverlapDetail("平台平台补助", "公共技术服务平台", tokenize).overlap).toBe(0.5);
    // 现在 / 还 / 吗 are stopwords: the only content word is 有效.
    expect(lexicalOverlapDetail("现在还有效吗？", "有效期3年", tokenize).words).toEqual(["有效"]);
  });

  it("is 0 for a question without content words", () => {
    expect(lexicalOverlap("多少？", CAP_500, tokenize)).toBe(0);
  });
});

describe("mean lexical overlap", () => {
  it("averages the pairs and is undefined for none", () => {
    const pairs = [
      { question: "单个项目资助金额最高多少？", passage: "单个项目资助金额最高不超过200万元" },
      { question: "最多给五百万吗", passage: CAP_500 },
    ];
    expect(meanLexicalOverlap(pairs, tokenize)).toBeCloseTo((1 + 0.75) / 2, 10);
    expect(meanLexicalOverlap([], tokenize)).toBeUndefined();
  });
});

describe("gold passage of a question", () => {
  const DOC = "一、总则。平台补助按投资额30%给予支持，年度最高不超过500万元；\n二、附则。本规程自发布之日起施行。";
  const capAt = DOC.indexOf("500万元");
  const cap = { start: capAt, end: capAt + "500万元".length };
  const q = (extra: Partial<EvalQuestion> = {}): EvalQuestion => ({
    id: "q",
    question: "平台补助一年封顶多少钱？",
    category: "number",
    facts: ["500万元"],
    gold: { docId: "d.txt", quote: "年度最高不超过500万元" },
    answerable: true,
    ...extra,
  });

  it("is the sentence(s) around a span, or the span when no sentence holds it", () => {
    expect(sentencesAround(DOC, cap)).toBe("平台补助按投资额30%给予支持，年度最高不超过500万元；");
    const across = { start: DOC.indexOf("总则"), end: DOC.indexOf("平台") + 2 };
    expect(sentencesAround(DOC, across)).toBe("一、总则。平台补助按投资额30%给予支持，年度最高不超过500万元；");
    expect(sentencesAround("  \n  ", { start: 1, end: 2 })).toBe(" ");
  });

  it("is the gold quote for a question set", () => {
    expect(goldPassage(q(), DOC, cap)).toBe("年度最高不超过500万元");
    expect(goldPassage(q(), undefined, undefined)).toBe("年度最高不超过500万元");
  });

  it("is the answer span's sentence for a span question (the benchmarks), when the document text is known", () => {
    const span = q({ tags: ["span", "ncpqa"], gold: { docId: "d.txt", quote: "500万元" } });
    expect(goldPassage(span, DOC, cap)).toBe("平台补助按投资额30%给予支持，年度最高不超过500万元；");
    expect(goldPassage(span, undefined, undefined)).toBeUndefined();
    expect(goldPassage(span, DOC, undefined)).toBeUndefined();
  });

  it("is absent for unanswerable questions and gold without a quote", () => {
    const none = q({ category: "unanswerable", answerable: false, facts: [], gold: undefined });
    expect(goldPassage(none, DOC, cap)).toBeUndefined();
    expect(goldPassage(q({ gold: { docId: "d.txt", section: "一" } }), DOC, cap)).toBeUndefined();
    expect(questionOverlap(none, DOC, cap, tokenize)).toBeNull();
  });

  it("gives the question's overlap with that passage", () => {
    // Against the quote only 年 is shared (see above); against the sentence 平台 and 补助 are too.
    expect(questionOverlap(q(), DOC, cap, tokenize)).toBeCloseTo(1 / 6, 10);
    const span = q({ tags: ["span"], gold: { docId: "d.txt", quote: "500万元" } });
    expect(questionOverlap(span, DOC, cap, tokenize)).toBeCloseTo(3 / 6, 10);
  });
});
