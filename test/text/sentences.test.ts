import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/text/sentences.js";

const texts = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe("splitSentences", () => {
  it("splits at 。！？； keeping closing quotes and brackets with the sentence", () => {
    expect(texts("提出“加快建设。”随后落实；二是推动！最后？")).toEqual([
      "提出“加快建设。”",
      "随后落实；",
      "二是推动！",
      "最后？",
    ]);
  });

  it("splits at line breaks and trims indentation, including full-width spaces", () => {
    expect(texts("    第一段没有句号\n\u3000\u3000第二段。\n\n")).toEqual(["第一段没有句号", "第二段。"]);
  });

  it("keeps decimal points and percentages inside a sentence", () => {
    expect(texts("资助比例为1.5倍或30%。下一句。")).toEqual(["资助比例为1.5倍或30%。", "下一句。"]);
  });

  it("returns absolute offsets for a sub-range", () => {
    const t = "前文。目标句一。目标句二。后文。";
    const spans = splitSentences(t, 3, 13);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(["目标句一。", "目标句二。"]);
  });
});
