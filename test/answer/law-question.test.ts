import { describe, expect, it } from "vitest";
import { toChineseNumber2 } from "../../src/answer/law-answer.js";
import {
  articleRefs,
  askedArticles,
  askedPart,
  asksValidity,
  asksWhichLaw,
  documentNameWritten,
  lawNameWritten,
  withoutWhichLawAsk,
} from "../../src/answer/law-question.js";
import { askedVersions } from "../../src/answer/law-versions.js";
import { normalizeText } from "../../src/text/normalize.js";

const refs = (q: string) => articleRefs(normalizeText(q));

describe("article references", () => {
  it("reads 第N条 in Chinese or Arabic numerals, 之一, 第N款 and 第（N）项", () => {
    expect(refs("中小企业促进法第三十三条规定了什么")).toEqual([{ number: 33 }]);
    expect(refs("民法典第一千一百六十五条")).toEqual([{ number: 1165 }]);
    expect(refs("刑法第一百二十条之一")).toEqual([{ number: 120, sub: 1 }]);
    expect(refs("行政复议法第3条第二款第（三）项")).toEqual([{ number: 3, paragraph: 2, item: 3 }]);
    expect(refs("劳动合同法10条")).toEqual([{ number: 10 }]);
  });

  it("reads a 款 or 项 written after 的", () => {
    expect(refs("数据安全法第二十一条的第二款说的是什么")).toEqual([{ number: 21, paragraph: 2 }]);
    expect(refs("个保法第13条的第（一）项")).toEqual([{ number: 13, item: 1 }]);
    expect(refs("广告法第九条（三）")).toEqual([{ number: 9, item: 3 }]);
    expect(refs("网安法第21条第1款（二）")).toEqual([{ number: 21, paragraph: 1, item: 2 }]);
  });

  it("reads the articles or 款 asked of one law together, not another law's", () => {
    const asked = (q: string) => askedArticles(normalizeText(q));
    expect(asked("劳动合同法第十九条、第二十条")).toEqual([{ number: 19 }, { number: 20 }]);
    expect(asked("公司法第五十七条第一款和第二款")).toEqual([
      { number: 57, paragraph: 1 },
      { number: 57, paragraph: 2 },
    ]);
    expect(asked("个保法第十三条第一款第二项和第三项")).toEqual([
      { number: 13, paragraph: 1, item: 2 },
      { number: 13, paragraph: 1, item: 3 },
    ]);
    expect(asked("公司法第三条和证券法第五条")).toEqual([{ number: 3 }]);
    expect(asked("劳动合同法第十九条规定试用期，第二十条呢")).toEqual([{ number: 19 }]);
  });

  it("does not read a count as an article", () => {
    expect(refs("出台了3条措施")).toEqual([]);
  });

  it("finds the name written before the article, without the asking words", () => {
    expect(lawNameWritten(normalizeText("请问数据安全法第三条规定了什么"))).toBe("数据安全法");
    expect(lawNameWritten(normalizeText("《网络安全法》第二十条"))).toBe("网络安全法");
  });
});

describe("names of texts without an article", () => {
  it("reads a name in 《》 or before 里/中/对/关于, not generic wording", () => {
    expect(documentNameWritten("中小企业划型标准规定里工业企业的划分标准是什么？")).toBe("中小企业划型标准规定");
    expect(documentNameWritten("请问《数据安全法》对数据分类有什么要求")).toBe("数据安全法");
    expect(documentNameWritten("根据电子商务法中关于平台责任的内容")).toBe("电子商务法");
    expect(documentNameWritten("有关规定中对专项资金怎么安排")).toBeUndefined();
    expect(documentNameWritten("相关办法里对申报有什么要求")).toBeUndefined();
    expect(documentNameWritten("哪部法律规定了拖欠中小企业款项的处理")).toBeUndefined();
    expect(documentNameWritten("这个做法对企业有什么好处")).toBeUndefined();
    expect(documentNameWritten("大企业拖欠货款，哪部法律规定中小企业可以要求赔偿？")).toBeUndefined();
    expect(documentNameWritten("按照法律规定中小企业可以怎么做")).toBeUndefined();
  });

  it("reads a name before asking what it provides (有没有, 是否, 怎么), not 本法 or a new 办法", () => {
    expect(documentNameWritten("消防法有没有关于消防设施维护保养的规定")).toBe("消防法");
    expect(documentNameWritten("请问社会保险法是否规定了缴费年限")).toBe("社会保险法");
    expect(documentNameWritten("工伤保险条例怎么认定工伤")).toBe("工伤保险条例");
    expect(documentNameWritten("请问本法有没有关于罚款的规定")).toBeUndefined();
    expect(documentNameWritten("这次的新办法有没有提高标准")).toBeUndefined();
    expect(documentNameWritten("现行办法是否还执行")).toBeUndefined();
  });
});

describe("questions on a law's history and validity", () => {
  it("reads colloquial and terse ways of asking when it took effect or changed", () => {
    for (const q of [
      "数据安全法啥时候施行的",
      "网安法几号开始实施",
      "会计法最新版是哪年改的",
      "统计法改过几次？最近那次是哪天",
      "公司法最近一次修订是什么时候",
      "个保法生效日期",
      "现行公司法是哪一版",
      "电子商务法哪年出台的",
      "数据安全法失效了没",
    ])
      expect(asksValidity(q), q).toBe(true);
  });

  it("leaves questions on what a law provides to the search", () => {
    for (const q of ["劳动合同法里试用期最长多久", "企业最近一次检查是什么时候", "许可证的有效期是几年"])
      expect(asksValidity(q), q).toBe(false);
  });
});

describe("versions and 'which law' questions", () => {
  it("reads a year only next to a version word or 前/后", () => {
    expect(askedVersions(normalizeText("行政复议法2017年修订前第二条"))).toEqual([{ year: 2017, relation: "before" }]);
    expect(askedVersions(normalizeText("2002年版中小企业促进法第二条"))).toEqual([{ year: 2002, relation: "of" }]);
    expect(askedVersions(normalizeText("2018年1月1日起施行的规定"))).toEqual([]);
  });

  it("reads a year in brackets right after a law's name as that version", () => {
    expect(askedVersions(normalizeText("反垄断法（2007年）第十五条"))).toEqual([{ year: 2007, relation: "of" }]);
    expect(askedVersions(normalizeText("《公司法》(2018)第3条"))).toEqual([{ year: 2018, relation: "of" }]);
  });

  it("reads 'YYYY年的' right before a law's name as the text of that time", () => {
    expect(askedVersions(normalizeText("2017年的会计法第三十一条"))).toEqual([{ year: 2017, relation: "during" }]);
    expect(askedVersions(normalizeText("2020年的《行政复议法》第二条"))).toEqual([{ year: 2020, relation: "during" }]);
    // Not a year's figure, nor a question on whether an old text still holds.
    expect(askedVersions(normalizeText("2020年的技术合同成交额"))).toEqual([]);
    expect(askedVersions(normalizeText("2007年的反垄断法还在用吗"))).toEqual([]);
  });

  it("searches 'which law governs X' as X", () => {
    expect(asksWhichLaw("哪部法律规定了中小企业发展基金？")).toBe(true);
    expect(withoutWhichLawAsk("哪部法律规定了中小企业发展基金？")).toBe("中小企业发展基金？");
    expect(asksWhichLaw("中小企业发展基金由谁设立？")).toBe(false);
    // A term's definition is written "本法所称X，是指…".
    expect(withoutWhichLawAsk("商业秘密的定义规定在哪部法律里？")).toBe("商业秘密所称是指规定在？");
  });

  it("writes article numbers past ninety-nine as laws do", () => {
    expect(toChineseNumber2(61)).toBe("六十一");
    expect(toChineseNumber2(110)).toBe("一百一十");
    expect(toChineseNumber2(1165)).toBe("一千一百六十五");
    expect(toChineseNumber2(1003)).toBe("一千零三");
  });
});

describe("askedPart", () => {
  it("reads a chapter, and units written together as narrowing one another", () => {
    expect(askedPart(normalizeText("公司法第四章讲什么"))).toEqual({ units: [{ unit: "章", number: 4 }] });
    expect(askedPart(normalizeText("民法典第二编第三章有哪些内容"))).toEqual({
      units: [
        { unit: "编", number: 2 },
        { unit: "章", number: 3 },
      ],
    });
    expect(askedPart(normalizeText("第一分编"))).toEqual({ units: [{ unit: "分编", number: 1 }] });
  });

  it("reads nothing when an article is asked or the units stand apart", () => {
    expect(askedPart(normalizeText("公司法第四章第二十条"))).toBeUndefined();
    expect(askedPart(normalizeText("第二章和第三章有什么不同"))).toBeUndefined();
    expect(askedPart(normalizeText("公司法讲什么"))).toBeUndefined();
    // A question about a matter the chapter holds is searched as usual, not answered by its outline.
    expect(askedPart(normalizeText("刑法第二编第三章中走私普通货物的处罚是怎样的"))).toBeUndefined();
    expect(askedPart(normalizeText("劳动合同法第二章从第几条到第几条？"))).toEqual({
      units: [{ unit: "章", number: 2 }],
    });
  });
});
