import { describe, expect, it } from "vitest";
import type { QueryTerm } from "../../src/core/types.js";
import { answerKindWords, askedDuties, countedByMeasure, questionFocus } from "../../src/answer/question-focus.js";
import { createTokenizer, tagWords } from "../../src/text/tokenize.js";

const tokenize = createTokenizer();
/** The question's words as the query side has them, at an equal weight: only which words matters here. */
function termsOf(question: string): QueryTerm[] {
  const tokens = [...new Set(tokenize(question))];
  return tokens
    .filter((t) => !tokens.some((o) => o !== t && o.length > t.length && o.includes(t)))
    .map((term) => ({ term, weight: 1 }));
}
function focusOf(question: string): string {
  return (questionFocus(tagWords(question), termsOf(question))?.terms ?? []).map((t) => t.term).join("+");
}

describe("questionFocus", () => {
  it.each([
    ["深圳有多少家国家级工业设计中心？", "国家级+工业+设计+中心"],
    ["公共技术服务平台补助申报时要交哪些材料？", "材料"],
    ["申报市级企业技术中心需要满足什么条件？", "条件"],
    ["鹏城实验室现在有多少科研人员？", "科研人员"],
    ["数转补贴申报找哪个处室、联系人是谁？", "联系人"],
    ["深圳都市圈发展规划覆盖的总面积有多大？", "总面积"],
  ])("the noun a question word attaches to: %s → %s", (question, focus) => {
    expect(focusOf(question)).toBe(focus);
  });

  it("a counted noun is looked for near the figure, a listed one anywhere in the passage", () => {
    const scope = (q: string) => questionFocus(tagWords(q), termsOf(q))?.scope;
    expect(scope("深圳有多少家国家级工业设计中心？")).toBe("sentence");
    expect(scope("深圳都市圈发展规划覆盖的总面积有多大？")).toBe("sentence");
    expect(scope("公共技术服务平台补助申报时要交哪些材料？")).toBe("passage");
  });

  it.each([
    // The noun names the kind of answer: the answer type checks it.
    "政府投资基金暂行办法是哪个部委发的？",
    "卡脖子攻坚主要冲着哪些行业？",
    "湘潭对中小型企业的房租有什么优惠政策？",
    "中央财政对疫情防控重点保障企业贷款给予的贴息比率是多少?",
    "申报数字化转型扶持的企业，上年度营业收入要在什么范围？",
    "九三学社那件提案的标题全称叫什么？",
    // A date, or a document, is asked.
    "产业链集群那件提案，工信局是哪天回复的？",
    "哪份文件规定了骗取补贴要被取消申报资格？",
    // The words before 是 are the subject when more follows.
    "数字化转型项目的专家评审是谁来组织？",
    // A verb after the measure word, and a count with no noun.
    "基础研究类的院所深圳布局了多少家？",
  ])("no focus to check: %s", (question) => {
    expect(focusOf(question)).toBe("");
  });
});

describe("questionFocus over jieba's tags", () => {
  it("runs over words tagged as verbs or idioms inside a noun phrase, and requires only its nouns", () => {
    // 国家/n 技术创新/l 示范/v 企业/n
    expect(focusOf("2021年深圳新增了多少家国家技术创新示范企业？")).toBe("国家+技术创新+企业");
  });
});

describe("askedDuties", () => {
  it("reads the acts a question asks who carries out", () => {
    expect(askedDuties("数转项目验收由哪个单位负责组织？")).toEqual(["负责", "组织"]);
    expect(askedDuties("数字化转型项目的专家评审是谁来组织？")).toEqual(["组织"]);
    expect(askedDuties("申报材料是假的，责任在谁？")).toEqual([]);
    expect(askedDuties("网络漫画展是由哪个组织举办的？")).toEqual([]);
  });
});

describe("questionFocus with a kind noun at the head", () => {
  it("keeps the nouns before the kind noun, after a leading place", () => {
    expect(focusOf("深圳市新能源汽车购车补贴标准是多少？")).toBe("新能源+汽车+购车+补贴");
  });
});

describe("answerKindWords", () => {
  it("finds the noun after 哪家/哪些/哪个 that names the kind of answer", () => {
    expect(answerKindWords(tagWords("知识产权业务集中办理依托的是哪家机构？"))).toEqual(["机构"]);
    expect(answerKindWords(tagWords("平台补贴面向哪些主体？"))).toEqual(["主体"]);
  });

  it("leaves what a count counts and a topic noun alone", () => {
    expect(answerKindWords(tagWords("一共认定了多少家企业？"))).toEqual([]);
    expect(answerKindWords(tagWords("申报需要哪些材料？"))).toEqual([]);
  });
});

describe("countedByMeasure", () => {
  it("finds a focus ending in a measure word counted by a figure and that word", () => {
    expect(countedByMeasure("层级", "初步形成了国家、省级和市级三级制造业创新中心体系")).toBe(true);
    expect(countedByMeasure("等级", "资质分为5级")).toBe(true);
  });

  it("does not take the measure word after another word, or a focus not ending in one", () => {
    expect(countedByMeasure("层级", "推动建设省级和市级制造业创新中心")).toBe(false);
    expect(countedByMeasure("企业", "全市共有三家企业入选")).toBe(false);
  });

  it("does not read a word that only ends in a measure character as counted (条件 by 5件, 单位 by 3位)", () => {
    expect(countedByMeasure("条件", "共受理申请5件")).toBe(false);
    expect(countedByMeasure("单位", "评出先进个人3位")).toBe(false);
  });
});
