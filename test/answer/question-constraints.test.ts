import { describe, expect, it } from "vitest";
import { questionConstraints, splitCompoundQuestion } from "../../src/answer/question-type.js";

describe("questionConstraints", () => {
  it("when a question names a batch, a session, a 文号 or an amount, then each must be found near the answer", () => {
    expect(questionConstraints("第四批小巨人名单里深圳有几家？")).toEqual(["第4批"]);
    expect(questionConstraints("市政协七届二次会议的提案答复了吗？")).toEqual(["7届2次"]);
    expect(questionConstraints("深工信规〔2020〕6号规定了什么？")).toEqual(["〔2020〕6号"]);
    expect(questionConstraints("能补八百万元吗？还是百分之三十？")).toEqual(["800万元", "30%"]);
  });

  it("when a question names a year, then the year is kept with its 年 so a proposal number does not match it", () => {
    expect(questionConstraints("2021年认定了多少个平台？")).toEqual(["2021年"]);
  });

  it("when a question names no figure, then nothing constrains the answer", () => {
    expect(questionConstraints("公共技术服务平台扶持计划给多少支持？")).toEqual([]);
  });
});

describe("splitCompoundQuestion", () => {
  it("when a message asks two questions, then each is a part", () => {
    expect(splitCompoundQuestion("深圳国家级小巨人总共多少家？今年第三批又进了几家？")).toEqual([
      "深圳国家级小巨人总共多少家？",
      "今年第三批又进了几家？",
    ]);
  });

  it("when the second question is too short to stand alone, then it stays with the first", () => {
    expect(splitCompoundQuestion("这个计划还能申请吗？为啥？")).toEqual(["这个计划还能申请吗？为啥？"]);
    expect(splitCompoundQuestion("公共技术服务平台扶持计划给多少支持？")).toEqual([
      "公共技术服务平台扶持计划给多少支持？",
    ]);
  });
});
