import { describe, expect, it } from "vitest";
import {
  charF1,
  lcsLength,
  normalizeSpan,
  rougeL,
  scoreSpan,
  scoredAnswerText,
  sentenceCount,
  spanContained,
} from "../../src/eval/span-metrics.js";

describe("scored answer text", () => {
  it("keeps the extractive answer's quotes: no source prefix, no markers, no status notes", () => {
    const answer = [
      "据《怀化市人民政府关于印发《稳价保供十条措施》的通知》（2020年2月9日）“一 > （二）”部分：对肉、蛋、蔬菜开展市场调查。[1]",
      "据《另一份通知》：每日消毒两次。[2]",
      "注意：该文件规定“自印发之日起施行”[3]，目前仍有效。",
    ].join("\n");
    expect(scoredAnswerText({ answer, refused: false })).toBe("对肉、蛋、蔬菜开展市场调查。每日消毒两次。");
  });

  it("is the answer minus markers for a free-form (LLM) answer, and empty for a refusal", () => {
    expect(scoredAnswerText({ answer: "补贴最高50万元[1]。", refused: false })).toBe("补贴最高50万元。");
    expect(scoredAnswerText({ answer: "知识库中未找到相关内容。", refused: true })).toBe("");
  });
});

describe("character F1", () => {
  it("is 1 for equal texts after normalization (width, punctuation, numerals)", () => {
    expect(charF1("每家最高５０万元。", "每家最高50万元")).toBe(1);
    expect(normalizeSpan("（共 五十万元），")).toBe("共50万元");
  });

  it("counts the multiset overlap", () => {
    // prediction 4 chars, gold 2, overlap 2: P = 0.5, R = 1, F1 = 2/3
    expect(charF1("甲乙丙丁", "甲乙")).toBeCloseTo(2 / 3, 10);
    expect(charF1("甲甲", "甲乙")).toBeCloseTo(0.5, 10);
    expect(charF1("", "甲")).toBe(0);
    expect(charF1("丙", "甲")).toBe(0);
  });
});

describe("ROUGE-L", () => {
  it("uses the longest common subsequence", () => {
    expect(lcsLength([..."ABCBDAB"], [..."BDCABA"])).toBe(4);
    // LCS("甲乙丙丁", "甲丙") = 2: P = 2/4, R = 2/2, F = 2/3
    expect(rougeL("甲乙丙丁", "甲丙")).toBeCloseTo(2 / 3, 10);
    // order matters for ROUGE-L, not for F1
    expect(rougeL("乙甲", "甲乙")).toBeCloseTo(0.5, 10);
    expect(charF1("乙甲", "甲乙")).toBe(1);
  });
});

describe("containment and length", () => {
  it("finds the normalized gold span inside the answer", () => {
    expect(spanContained("对符合条件的中小企业，给予每家最高50万元的补贴。", "每家最高五十万元")).toBe(true);
    expect(spanContained("给予每家最高5万元", "每家最高50万元")).toBe(false);
  });

  it("counts sentences of the scored text", () => {
    expect(sentenceCount("一句。两句；三句！")).toBe(3);
    expect(sentenceCount("")).toBe(0);
  });

  it("scores against the best of several gold spans, and knows a citation covering the span", () => {
    const answer = {
      answer: "据《通知》：给予每家最高50万元的一次性补贴。[1]",
      refused: false,
      citations: [
        {
          n: 1,
          docId: "d1.txt",
          title: "通知",
          section: "",
          quote: "给予每家最高50万元的一次性补贴。",
          start: 100,
          end: 116,
        },
      ],
    };
    const s = scoreSpan(answer, [
      { docId: "d1.txt", quote: "100万元", start: 0, end: 5 },
      { docId: "d1.txt", quote: "每家最高50万元", start: 102, end: 110 },
    ]);
    expect(s.contained).toBe(true);
    expect(s.cited).toBe(true);
    expect(s.sentences).toBe(1);
    expect(s.f1).toBeGreaterThan(0.6);
    const refused = scoreSpan({ ...answer, refused: true }, [{ docId: "d1.txt", quote: "每家最高50万元" }]);
    expect(refused).toEqual({ f1: 0, rougeL: 0, contained: false, cited: false, sentences: null });
  });
});

describe("citation precision", () => {
  it("is the share of cited citations that state a required fact", async () => {
    const { scoreQuestion } = await import("../../src/eval/scoring.js");
    const cite = (n: number, quote: string) => ({
      n,
      docId: "d.txt",
      title: "通知",
      section: "",
      quote,
      start: 0,
      end: quote.length,
    });
    const s = scoreQuestion(
      {
        id: "q",
        question: "补贴多少？",
        category: "number",
        facts: ["50万元"],
        gold: { docId: "d.txt" },
        answerable: true,
      },
      {
        retrieved: [],
        latencyMs: 1,
        answer: {
          answer: "补贴50万元[1]。注意：已到期[2]。",
          refused: false,
          citations: [cite(1, "补贴50万元。"), cite(2, "该计划已到期。")],
        },
      },
    );
    expect(s.citationPrecision).toBe(0.5);
  });
});
