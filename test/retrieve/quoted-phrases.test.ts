import { describe, expect, it } from "vitest";
import { quotedPhrases } from "../../src/retrieve/quoted-phrases.js";

describe("quotedPhrases", () => {
  it("reads phrases in Chinese and ASCII quotation marks and corner brackets", () => {
    expect(quotedPhrases("复工复产做好“非接触式”办税有哪些？")).toEqual(["非接触式"]);
    expect(quotedPhrases('统计法对"县级以上人民政府统计机构"有什么规定？')).toEqual(["县级以上人民政府统计机构"]);
    expect(quotedPhrases("「专精特新」和『小巨人』有什么区别")).toEqual(["专精特新", "小巨人"]);
  });

  it("normalizes a phrase the way passages are matched, and keeps each phrase once", () => {
    expect(quotedPhrases("“五百万元”和“五百万元”")).toEqual(["500万元"]);
    expect(quotedPhrases("做好“两条线”是什么")).toEqual(["2条线"]);
  });

  it("when nothing is quoted, or a quote holds a single character, then there is no phrase", () => {
    expect(quotedPhrases("平台补贴一年最多多少？")).toEqual([]);
    expect(quotedPhrases("“A”类和“乙”类")).toEqual([]);
  });

  it("does not take a 《document title》 as a phrase (titles restrict the search elsewhere)", () => {
    expect(quotedPhrases("《中小企业促进法》第十条")).toEqual([]);
  });
});
