import { describe, expect, it } from "vitest";
import { chunkText, splitSentences } from "../../src/bench/chunk-text.js";

describe("baseline chunker", () => {
  it("splits after Chinese sentence ends and line breaks, keeping closing quotes with their sentence", () => {
    expect(splitSentences("第一条 为了规范。第二条 本法所称“企业”。”\n第三条 附则；其他！")).toEqual([
      "第一条 为了规范。",
      "第二条 本法所称“企业”。”",
      "第三条 附则；",
      "其他！",
    ]);
  });

  it("when sentences are packed, then no chunk exceeds the bound and no text is lost", () => {
    const text = Array.from({ length: 40 }, (_, i) => `这是第${i}句，讲的是中小企业数字化转型的扶持办法。`).join("");
    const chunks = chunkText(text, 250);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.length <= 250)).toBe(true);
    expect(chunks.join("")).toBe(text);
  });

  it("when one sentence is longer than the bound, then it is cut at the bound", () => {
    const long = "长".repeat(600) + "。";
    const chunks = chunkText(`开头。${long}结尾。`, 250);
    expect(chunks).toEqual(["开头。", "长".repeat(250), "长".repeat(250), "长".repeat(100) + "。", "结尾。"]);
  });

  it("when the text is empty or blank, then there are no chunks", () => {
    expect(chunkText("")).toEqual([]);
    expect(chunkText(" \n\n ")).toEqual([]);
  });
});
