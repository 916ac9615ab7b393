import { describe, expect, it } from "vitest";
import { checkGrounding, extractNumericFacts } from "../../src/answer/grounding.js";

const PASSAGE = "按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元（目前该扶持计划已到期）。";

describe("grounding", () => {
  it("extracts numbers, amounts, percentages and dates but not citation markers", () => {
    expect(extractNumericFacts("最高五百万元[1]，比例30%，2021年10月22日")).toEqual(["2021年10月22日", "500万", "30%"]);
  });
  it("accepts an answer whose figures are all in the evidence, in any notation", () => {
    expect(checkGrounding("最高不超过五百万元，比例３０％[1]。", [PASSAGE]).ok).toBe(true);
  });
  it("rejects a figure the evidence does not hold, even as part of a longer one", () => {
    expect(checkGrounding("最高不超过600万元[1]。", [PASSAGE])).toEqual({ ok: false, ungrounded: ["600万"] });
    expect(checkGrounding("比例为3%。", [PASSAGE]).ungrounded).toEqual(["3%"]);
    expect(checkGrounding("最高50万元。", [PASSAGE]).ok).toBe(false);
    expect(checkGrounding("最高500元[1]。", [PASSAGE]).ungrounded).toEqual(["500"]);
    expect(checkGrounding("比例为30。", [PASSAGE]).ungrounded).toEqual(["30"]);
    expect(checkGrounding("总额500万元。", ["总额500万亿元"]).ungrounded).toEqual(["500万"]);
    expect(checkGrounding("依据深工信规[2020]3号[1]。", ["深工信规〔2019〕3号"]).ungrounded).toEqual(["2020"]);
    expect(checkGrounding("依据深工信规[2019]3号[1]。", ["深工信规〔2019〕3号"]).ok).toBe(true);
  });
  it("matches dates written differently", () => {
    expect(checkGrounding("截至2021年10月22日答复时", ["2021-10-22"]).ok).toBe(true);
    expect(checkGrounding("截至2021年10月23日答复时", ["2021年10月22日"]).ok).toBe(false);
  });
});
