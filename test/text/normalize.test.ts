import { describe, expect, it } from "vitest";
import { chineseNumeralValue, normalizeText } from "../../src/text/normalize.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { findDocNumbers, findProposalNumbers, sameDocNumber } from "../../src/retrieve/identifiers.js";

describe("normalizeText", () => {
  it("folds full width digits and percent signs", () => {
    expect(normalizeText("３０％")).toBe("30%");
  });
  it("turns Chinese quantities into digits but leaves words alone", () => {
    expect(normalizeText("五百万元")).toBe("500万元");
    expect(normalizeText("百分之三十")).toBe("30%");
    expect(normalizeText("百分比不超过百分之三十，提高三个百分点")).toBe("百分比不超过30%,提高3个百分点");
    expect(normalizeText("五百分")).toBe("500分");
    expect(normalizeText("第十二条")).toBe("第12条");
    expect(normalizeText("二〇二一年")).toBe("2021年");
    expect(normalizeText("一是统一标准")).toBe("一是统一标准");
  });
  it("unifies the brackets of document numbers", () => {
    for (const q of ["深工信规[2019]3号", "深工信规（2019）3号", "深工信规【2019】3号", "深工信规〔2019〕3号"]) {
      expect(normalizeText(q)).toBe("深工信规〔2019〕3号");
    }
  });
  it("folds traditional variants that simplified text borrows, so 后 meets 後", () => {
    expect(normalizeText("待疫情缓解後另行通知")).toBe("待疫情缓解后另行通知");
    expect(normalizeText("爲企業服務")).toBe("为企業服務");
    expect(normalizeText("皇后")).toBe("皇后");
    expect(createTokenizer()("疫情结束後办理")).toEqual(createTokenizer()("疫情结束后办理"));
  });
  it("values numerals", () => {
    expect(chineseNumeralValue("一千二百")).toBe(1200);
    expect(chineseNumeralValue("十五")).toBe(15);
  });
});

describe("identifiers", () => {
  it("finds document and proposal numbers in questions", () => {
    expect(findDocNumbers("深工信规[2019]3号讲了什么")).toEqual(["深工信规〔2019〕3号"]);
    expect(findProposalNumbers("第20210384号提案是谁提的")).toEqual(["20210384"]);
  });
  it("matches a document number given with surrounding words", () => {
    expect(sameDocNumber("深工信规〔2019〕3号", "根据深工信规〔2019〕3号")).toBe(true);
    expect(sameDocNumber("深工信规〔2019〕3号", "深工信规〔2019〕13号")).toBe(false);
  });
});
