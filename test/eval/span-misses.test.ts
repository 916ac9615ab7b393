import { describe, expect, it } from "vitest";
import { formatSpanMisses, spanMisses, type ScoredSpan } from "../../src/eval/span-misses.js";

const span = (contained: boolean) => ({ f1: 0.5, rougeL: 0.5, contained, cited: contained, sentences: 2 });
const at = (rank: number | null) => ({ rank, hit1: rank === 1, hit5: rank !== null && rank <= 5, reciprocalRank: 0 });
const cite = (docId: string) => [{ n: 1, docId, section: "", quote: "……" }];

function scored(over: Partial<ScoredSpan>): ScoredSpan {
  return {
    answerable: true,
    refused: false,
    retrieval: at(1),
    citations: cite("gold.txt"),
    span: span(false),
    goldDocId: "gold.txt",
    ...over,
  };
}

describe("span misses", () => {
  it("puts each missed span in one bucket: refusal, retrieval, or composition by document quoted", () => {
    const m = spanMisses(
      [
        scored({ span: span(true) }),
        scored({ refused: true, citations: [] }),
        scored({ refused: true, citations: [], retrieval: at(null) }),
        scored({ retrieval: at(6), citations: cite("other.txt") }),
        scored({ retrieval: at(2) }),
        scored({ retrieval: at(5), citations: cite("other.txt") }),
        scored({ answerable: false, refused: true, span: null }),
      ],
      5,
    );
    expect(m).toEqual({
      questions: 6,
      contained: 1,
      refusedRead: 1,
      refusedNotRead: 1,
      retrieval: 1,
      otherSentences: 1,
      otherDocuments: 1,
    });
    expect(formatSpanMisses(m, 5)).toContain("答案未含金标片段 5 / 6 题");
    expect(formatSpanMisses(m, 5)).toContain("1  检索：正确段落不在前 5 段内");
  });

  it("says nothing for a set without span questions", () => {
    expect(formatSpanMisses(spanMisses([scored({ span: null })]))).toBeUndefined();
  });
});
