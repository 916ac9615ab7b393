import { describe, expect, it } from "vitest";
import { answerInPassages, longestCommonSubstring, passageHoldsAnswer } from "../../src/bench/answer-match.js";

const gold = { docId: "a.txt", answer: "对符合条件的企业给予最高500万元扶持" };

describe("answer in the retrieved passages", () => {
  it("when a passage contains the answer, whatever its spacing and width, then it holds it", () => {
    const text = "第五条 对符合条件的企业给予最高５００万元\n扶持。";
    expect(passageHoldsAnswer({ docId: "a.txt", text }, gold)).toBe(true);
    // A long answer found verbatim in a repost under another name counts too.
    expect(passageHoldsAnswer({ docId: "repost.txt", text }, gold)).toBe(true);
  });

  it("when a short answer appears in another document, then it does not count", () => {
    const short = { docId: "a.txt", answer: "1985年" };
    expect(passageHoldsAnswer({ docId: "b.txt", text: "该公司成立于1985年。" }, short)).toBe(false);
    expect(passageHoldsAnswer({ docId: "a.txt", text: "该公司成立于1985年。" }, short)).toBe(true);
  });

  it("when a long answer is cut by a passage boundary, then the gold document's passage holding half of it counts", () => {
    const answer = "企业应当建立健全安全生产责任制和安全生产规章制度，改善安全生产条件，推进安全生产标准化建设";
    const first = { docId: "law.md", text: "第四条 企业应当建立健全安全生产责任制和安全生产规章制度，改善" };
    expect(passageHoldsAnswer(first, { docId: "law.md", answer })).toBe(true);
    expect(passageHoldsAnswer({ ...first, docId: "other.md" }, { docId: "law.md", answer })).toBe(false);
    const unrelated = { docId: "law.md", text: "第五条 安全生产工作应当以人为本。" };
    expect(passageHoldsAnswer(unrelated, { docId: "law.md", answer })).toBe(false);
  });

  it("checks every passage", () => {
    const passages = [
      { docId: "x.txt", text: "无关内容" },
      { docId: "a.txt", text: gold.answer },
    ];
    expect(answerInPassages(passages, gold)).toBe(true);
    expect(answerInPassages(passages.slice(0, 1), gold)).toBe(false);
    expect(answerInPassages([], gold)).toBe(false);
  });

  it("measures the longest common substring", () => {
    expect(longestCommonSubstring("abcdef", "zcdez")).toBe(3);
    expect(longestCommonSubstring("", "abc")).toBe(0);
  });
});
