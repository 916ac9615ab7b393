import { describe, expect, it } from "vitest";
import type { Chunk } from "../../src/core/types.js";
import {
  answerBearingRank,
  distinctDocuments,
  documentRank,
  passageRank,
  scoreModeRetrieval,
} from "../../src/eval/retrieval-metrics.js";

function chunk(docId: string, start: number, text: string): Chunk {
  return {
    id: `${docId}#${start}`,
    docId,
    ordinal: start,
    text,
    start,
    end: start + text.length,
    sectionPath: [],
    hash: "",
  };
}

const texts: Record<string, string> = {
  "a.txt": "甲文件。补贴最高50万元。",
  "b.txt": "乙文件转发：补贴最高50万元。",
  "c.txt": "丙文件，无关内容。",
};

describe("retrieval ranks", () => {
  const retrieved = [
    chunk("c.txt", 0, "丙文件，无关内容。"),
    chunk("b.txt", 0, "乙文件转发：补贴最高50万元。"),
    chunk("c.txt", 9, "更多。"),
    chunk("a.txt", 4, "补贴最高50万元。"),
  ];

  it("ranks distinct documents in first-retrieved order", () => {
    expect(distinctDocuments(retrieved)).toEqual(["c.txt", "b.txt", "a.txt"]);
    expect(documentRank(distinctDocuments(retrieved), "a.txt")).toBe(3);
    expect(documentRank(distinctDocuments(retrieved), "x.txt")).toBeNull();
  });

  it("counts a document holding the answer verbatim as answer-bearing", () => {
    const docs = distinctDocuments(retrieved);
    expect(answerBearingRank(docs, "a.txt", ["补贴最高50万元"], (d) => texts[d])).toBe(2);
    // without the answer text it is the strict rank
    expect(answerBearingRank(docs, "a.txt", [], (d) => texts[d])).toBe(3);
    expect(answerBearingRank(docs, "a.txt", ["不在任何文档"], (d) => texts[d])).toBe(3);
  });

  it("finds the passage holding or overlapping a gold span, any of the alternatives", () => {
    const gold = { docId: "a.txt", quote: "补贴最高50万元" };
    expect(passageRank(retrieved, gold, [{ quote: "补贴最高50万元", span: { start: 4, end: 12 } }])).toBe(4);
    // a span straddling the chunk boundary overlaps it
    expect(
      passageRank([chunk("a.txt", 0, "甲文件。")], gold, [{ quote: "甲文件。补贴", span: { start: 0, end: 6 } }]),
    ).toBe(1);
    expect(
      passageRank([chunk("a.txt", 0, "甲文件。")], gold, [{ quote: "最高50万元", span: { start: 6, end: 12 } }]),
    ).toBeNull();
    expect(
      passageRank([chunk("a.txt", 0, "甲文件。")], gold, [
        { quote: "最高50万元", span: { start: 6, end: 12 } },
        { quote: "甲文件", span: { start: 0, end: 3 } },
      ]),
    ).toBe(1);
  });

  it("scores hit@1, hit@5 and reciprocal rank per level", () => {
    const s = scoreModeRetrieval(
      retrieved,
      { docId: "a.txt", quote: "补贴最高50万元" },
      [{ quote: "补贴最高50万元", span: { start: 4, end: 12 } }],
      (d) => texts[d],
    );
    expect(s.document).toEqual({ rank: 3, hit1: false, hit5: true, reciprocalRank: 1 / 3 });
    expect(s.answerBearing.rank).toBe(2);
    expect(s.passage.rank).toBe(4);
  });
});

describe("locating gold spans", () => {
  it("uses the given offset when the text is there, else the nearest occurrence", async () => {
    const { locateQuoteNear, goldQuotes } = await import("../../src/eval/runner.js");
    const text = "补贴。补贴。补贴。";
    expect(locateQuoteNear(text, "补贴", 3)).toEqual({ start: 3, end: 5 });
    expect(locateQuoteNear(text, "补贴", 7)).toEqual({ start: 6, end: 8 });
    expect(locateQuoteNear(text, "补贴")).toEqual({ start: 0, end: 2 });
    expect(locateQuoteNear(text, "没有", 2)).toBeUndefined();
    const q = {
      id: "q",
      question: "?",
      category: "fact" as const,
      facts: ["补贴"],
      answerable: true,
      gold: { docId: "d", quote: "补贴", start: 6, alternatives: [{ quote: "补贴。" }] },
    };
    expect(goldQuotes(q, text)).toEqual([
      { quote: "补贴", span: { start: 6, end: 8 } },
      { quote: "补贴。", span: { start: 0, end: 3 } },
    ]);
    expect(goldQuotes(q, undefined)).toEqual([
      { quote: "补贴", span: undefined },
      { quote: "补贴。", span: undefined },
    ]);
  });
});
