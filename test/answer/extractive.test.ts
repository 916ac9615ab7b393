import { beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { checkGrounding } from "../../src/answer/grounding.js";
import { citationEvidence } from "../../src/answer/citations.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import { tempDir } from "../helpers/corpus.js";

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await openSampleKb();
});

describe("extractive answerer on the sample corpus", () => {
  it("answers the public platform question with the exact figures, the expiry and where they come from", async () => {
    const a = await kb.ask("公共技术服务平台扶持计划给多少支持？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("30%");
    expect(a.answer).toContain("500万元");
    expect(a.answer).toContain("截至2021年10月22日答复时");
    expect(a.answer).toContain("已到期");
    const c = a.citations[0];
    expect(c).toMatchObject({ date: "2021-10-22", docId: expect.stringContaining("reply-letters/") });
    expect(c.section).toBe("三 > （四）加快公共技术服务平台建设");
    expect(c.quote).toContain("按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元");
    expect(a.answer).toMatch(/\[1\]/);
  });

  it("quotes exactly the document text at the citation's offsets", async () => {
    const a = await kb.ask("专精特新小巨人企业总数达到多少家？");
    for (const c of a.citations) {
      const doc = kb.document(c.docId)!;
      expect(doc.text.slice(c.start, c.end)).toBe(c.quote);
    }
    expect(a.answer).toContain("169家");
  });

  it("keeps every figure of the answer inside its cited quotes", async () => {
    for (const q of ["技术合同成交总额是多少？", "已立项支持多少个重点项目？", "数字化转型扶持计划最高补助多少？"]) {
      const a = await kb.ask(q);
      expect(a.refused, q).toBe(false);
      expect(checkGrounding(a.answer, a.citations.flatMap(citationEvidence)), q).toEqual({ ok: true, ungrounded: [] });
    }
  });

  it("says whether a policy rule is still in force, without computing a date of its own", async () => {
    const a = await kb.ask("数字化转型扶持计划操作规程什么时候开始施行？有效期多久？");
    expect(a.answer).toContain("2020年3月1日");
    expect(a.answer).toContain("有效期3年");
    expect(a.answer).toContain("已过有效期");
  });

  it("refuses a question the corpus cannot answer, offering the nearest passages", async () => {
    const a = await kb.ask("深圳市新能源汽车购车补贴标准是多少？");
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/^知识库中未找到/);
    expect(a.citations).toEqual([]);
    expect(a.nearest?.length).toBeGreaterThan(0);
  });

  it("refuses a figure from a document that lacks what the top passage's document speaks of", async () => {
    // The letter speaks of 卡脖子 key projects without a cap; the 数转 rule's cap is another scheme's.
    const a = await kb.ask("卡脖子攻关重点项目单个最多资助多少钱？");
    expect(a.refused).toBe(true);
    expect(a.answer).not.toContain("200万元");
  });

  it("streams the answer line by line through onToken", async () => {
    const tokens: string[] = [];
    const a = await kb.ask("公共技术服务平台扶持计划给多少支持？", { onToken: (t) => tokens.push(t) });
    expect(tokens.join("").trim()).toBe(a.answer);
  });
});

describe("answer shapes", () => {
  it("reads what a question asks for from its wording", async () => {
    const { answerShape } = await import("../../src/answer/question-type.js");
    expect(answerShape("公共技术服务平台扶持计划给多少支持？")).toBe("amount");
    expect(answerShape("专精特新小巨人企业有多少家？")).toBe("count");
    expect(answerShape("该规程什么时候施行？")).toBe("date");
    expect(answerShape("规程的印发文号是什么？")).toBe("docnumber");
  });
});

describe("answer types on the sample corpus", () => {
  it("answers a duration question by the sentence that holds the length of time", async () => {
    const a = await kb.ask("申报指南发布后多长时间内要提交申报材料？");
    expect(a.refused).toBe(false);
    expect(a.citations[0].quote).toContain("30个工作日内");
  });

  it("answers a question about a reason by the sentence that states the purpose", async () => {
    const a = await kb.ask("为什么制定数字化转型扶持计划操作规程？");
    expect(a.refused).toBe(false);
    expect(a.citations[0].quote).toContain("为规范中小企业数字化转型扶持计划的组织实施");
  });

  it("answers a ratio question by the sentence that holds the percentage", async () => {
    const a = await kb.ask("数字化转型扶持计划的抽查比例是多少？");
    expect(a.citations[0].quote).toContain("不低于10%的比例");
  });

  it("refuses a distance question rather than quote a speed", async () => {
    const a = await kb.ask("从深圳到广州坐城际铁路要多远？");
    expect(a.refused).toBe(true);
    expect(a.answer).not.toContain("250公里");
  });

  it("refuses a question for a district when no sentence names one", async () => {
    const a = await kb.ask("国家技术转移南方中心在哪个区？");
    expect(a.refused).toBe(true);
  });

  it("refuses a question about another city than the documents' own, and answers it for their own", async () => {
    // Both documents are Shenzhen's (issuer); neither says anything about Dongguan's scheme.
    expect((await kb.ask("东莞对中小企业数字化转型单个项目最多补多少？")).refused).toBe(true);
    const own = await kb.ask("深圳对中小企业数字化转型单个项目最多补多少？");
    expect(own.refused).toBe(false);
    // A province is met by 全省 in a city's letter.
    expect((await kb.ask("小巨人数量在广东省内是什么位次？")).refused).toBe(false);
  });

  it("refuses a question for a sum of money when the matching sentences hold only counts", async () => {
    const a = await kb.ask("深圳湾实验室一年的科研经费是多少？");
    expect(a.refused).toBe(true);
  });
});

describe("questions about whether a scheme still applies", () => {
  it("lead with the status, dated by the document", async () => {
    const kb = await openSampleKb();
    const a = await kb.ask("公共技术服务平台扶持计划现在还能申请吗？");
    expect(a.answer.split("\n")[0]).toMatch(/^注意：截至2021年10月22日答复时，原文称“目前该扶持计划已到期”\[\d\]。$/);
  });
});

describe("a message asking two questions", () => {
  it("when both are answerable, then each gets its own quoted figure, citations numbered once", async () => {
    const a = await kb.ask("深圳国家级专精特新小巨人总共多少家？第三批又进了几家？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("169家");
    expect(a.answer).toContain("134家");
    expect(a.citations.map((c) => c.n)).toEqual(a.citations.map((_c, i) => i + 1));
  });

  it("when only one is answerable, then the other is said to be missing rather than answered from elsewhere", async () => {
    const a = await kb.ask("深圳国家级专精特新小巨人总共多少家？第九批又进了几家？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("169家");
    expect(a.answer).toContain("关于“第九批又进了几家？”，知识库中未找到");
  });
});

describe("the sentence-level gate on the sample corpus", () => {
  it("answers a question in staff's words whose unmatched words the corpus never uses", async () => {
    const a = await kb.ask("卡脖子攻坚主要是冲着哪些行业去的？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("集成电路、5G通信、高端装备、医疗器械");
  });

  it("refuses when the chosen sentence lacks the noun the question asks about", async () => {
    // The passage on the platform scheme gives its rate, not the papers to hand in.
    expect((await kb.ask("公共技术服务平台补助申报的时候需要交哪些材料？")).refused).toBe(true);
    expect((await kb.ask("深圳有多少家国家级工业设计中心？")).refused).toBe(true);
  });

  it("refuses a city named in another sentence of the passage than the one with the figure", async () => {
    // "…仅次于上海（182家）和北京（166家）" is the third batch; 宁波 is named only for the total.
    expect((await kb.ask("第三批小巨人名单里宁波入选了几家？")).refused).toBe(true);
    const own = await kb.ask("第三批小巨人名单里深圳入选了几家？");
    expect(own.refused).toBe(false);
    expect(own.answer).toContain("134家");
  });
});

describe("the duty a question asks about", () => {
  it("refuses a sentence that names a unit but not the act asked of it", async () => {
    // The rule says who reports after 验收 and who answers for the papers, not who organises 验收.
    expect((await kb.ask("中小企业数字化转型项目的验收由哪个单位负责组织？")).refused).toBe(true);
  });
});

describe("a listing question's focus in the passage's own section", () => {
  it("refuses conditions for 标杆示范 from the article on its rates under a chapter titled 支持对象与条件", async () => {
    expect((await kb.ask("评上数字化转型标杆示范项目需要满足哪些条件？")).refused).toBe(true);
  });

  it("answers conditions from the section on 申报条件", async () => {
    const a = await kb.ask("申报数字化转型扶持的企业需要满足哪些条件？");
    expect(a.refused).toBe(false);
    expect(a.citations[0].section).toContain("申报条件");
  });
});

describe("the focus of a 什么/哪个 question", () => {
  let small: KnowledgeBase;
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    await writeFile(
      path.join(dir, "人物.txt"),
      "张三生平\n张三是本市著名画家，早年随父亲学画。他的父亲是一名医生，在本市人民医院行医三十年。\n",
    );
    await writeFile(
      path.join(dir, "培训.txt"),
      "职业技能培训补贴办法\n职业技能培训补贴按职业资格等级发放，初级每人500元。\n",
    );
    small = await openSampleKb(undefined, dir);
  });

  it("is not required in the passage when the corpus uses the word elsewhere: the answer names it in other words", async () => {
    const a = await small.ask("张三的父亲是做什么职业的？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("医生");
  });

  it("is required when the corpus never uses the word: the corpus does not hold what is asked", async () => {
    expect((await small.ask("张三的父亲毕业于什么学校？")).refused).toBe(true);
  });
});

describe("quotes across passages", () => {
  it("joins sentences that run on into the next passage of the section into one quote, as the document writes it", async () => {
    const dir = await tempDir("corpus");
    const notice = [
      "关于实行社区封闭式管理的通告",
      "",
      "一、基本要求",
      "各社区要高度重视疫情防控工作，落实属地责任，做好居民的宣传解释工作，及时回应居民关切，确保各项措施落到实处。各物业服务企业要配合社区做好值守工作，安排专人负责出入口管理，做好登记台账，发现异常情况及时报告。",
      "",
      "二、封闭式管理措施",
      "自2月14日起，本街道所有小区实行封闭式管理，只保留一个出入口，其余出入口一律关闭。街道统一制作人员出入证，由社区统一下发，出入证不得转借、冒用、复制，居住人员凭证出入，每户每天可安排一人外出采购生活物资。出入口设置体温检测点，进入人员必须佩戴口罩并接受体温检测，体温异常的人员不得进入，并由社区工作人员按照规定及时处置和报告。",
      "无证人员、未登记车辆原则上不得进入小区，确需进入的要严格登记，并服从现场工作人员管理。快递、外卖等人员送至小区指定区域，由居民自行领取，不得进入小区内部。小区内的公共活动场所暂停开放，居民不得聚集，物业服务企业每天对电梯、楼道等公共区域进行消毒并做好记录。",
      "",
    ].join("\n");
    await writeFile(path.join(dir, "封闭式管理通告.txt"), notice);
    const local = await openSampleKb(undefined, dir);
    const chunks = local.indexedDocument("封闭式管理通告.txt")!.chunks;
    const a = await local.ask("没有出入证的人和车要进小区怎么办？");
    expect(a.refused).toBe(false);
    // The sentence that answers ends its passage; what follows it opens the next one, in one citation.
    const c = a.citations[0];
    const firstChunk = chunks.find((ch) => ch.start <= c.start && c.start < ch.end)!;
    expect(c.end).toBeGreaterThan(firstChunk.end);
    expect(c.quote).toContain("并服从现场工作人员管理。快递、外卖等人员送至小区指定区域");
    expect(notice.slice(c.start, c.end)).toBe(c.quote);
    expect(a.answer.match(/据《/g)).toHaveLength(1);
  });
});

describe("words of a document's title when choosing among its sentences", () => {
  let titled: KnowledgeBase;
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    await writeFile(
      path.join(dir, "绿色低碳工厂.txt"),
      [
        "某市绿色低碳工厂建设扶持办法",
        "第一条 单个项目资助金额最高不超过100万元。",
        "第二条 申报单位应当在本市依法注册。",
        "第三条 对评为国家级绿色低碳工厂标杆的项目，单个项目资助金额最高不超过300万元。",
        "",
      ].join("\n"),
    );
    // Other documents, so that the title's words are rare in the corpus and weigh in the question.
    await writeFile(
      path.join(dir, "技术改造.txt"),
      "某市技术改造扶持办法\n第一条 单个项目资助金额最高不超过500万元。\n第二条 项目应当在本市实施。\n",
    );
    const others = ["人才住房", "科技金融", "首台套", "总部企业", "会展活动", "外贸出口"];
    for (const name of others)
      await writeFile(path.join(dir, `${name}.txt`), `某市${name}办法\n第一条 ${name}工作由市主管部门负责。\n`);
    titled = await openSampleKb(undefined, dir);
  });

  it("when the title holds a word the question asks with, then the sentence that repeats it does not win for that word alone", async () => {
    // 绿色低碳工厂 is the subject of the whole document: the general cap answers, not the exception.
    const a = await titled.ask("绿色低碳工厂项目的资助金额最高是多少？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("100万元");
  });
});

describe("a figure's sentence cut at a semicolon", () => {
  let report: KnowledgeBase;
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    await writeFile(
      path.join(dir, "知识产权.txt"),
      [
        "某市知识产权工作情况报告",
        "2023年，我市专利申请和授权数量稳步增长，专利申请量5000件，同比增长10%；发明专利授权3000件，同比增长25%；商标注册量持续提升。",
        "下一步，我市将加强知识产权保护。",
        "",
      ].join("\n"),
    );
    const others = ["人才住房", "科技金融", "首台套", "总部企业", "会展活动", "外贸出口"];
    for (const name of others)
      await writeFile(path.join(dir, `${name}.txt`), `某市${name}办法\n第一条 ${name}工作由市主管部门负责。\n`);
    report = await openSampleKb(undefined, dir);
  });

  it("when the next clause holds a figure of the asked kind, then it is quoted with it", async () => {
    const a = await report.ask("2023年专利申请和授权的数量同比增长了多少？");
    expect(a.refused).toBe(false);
    expect(a.citations[0].quote).toContain("同比增长10%；发明专利授权3000件，同比增长25%；");
  });
});

describe("an item of a list", () => {
  let rule: KnowledgeBase;
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    await writeFile(
      path.join(dir, "首台套.txt"),
      [
        "某市首台套保险补偿办法",
        "第一条 首台套保险补偿按保费的80%给予补偿。",
        "第二条 有下列情形之一的，不予补偿：",
        "（一）同一产品已获得省级保险补偿的；",
        "（二）产品投保金额低于100万元的；",
        "（三）申报单位存在严重失信记录的。",
        "",
      ].join("\n"),
    );
    const others = ["人才住房", "科技金融", "绿色工厂", "总部企业", "会展活动", "外贸出口"];
    for (const name of others)
      await writeFile(path.join(dir, `${name}.txt`), `某市${name}办法\n第一条 ${name}工作由市主管部门负责。\n`);
    rule = await openSampleKb(undefined, dir);
  });

  it("when the answer is an item, then the sentence opening the list, which says what follows from it, is quoted too", async () => {
    const a = await rule.ask("产品已经拿过省级保险补偿了，还能申请吗？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("同一产品已获得省级保险补偿的");
    expect(a.answer).toContain("有下列情形之一的，不予补偿：");
  });
});

describe("a sentence that only opens a section", () => {
  let measures: KnowledgeBase;
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    await writeFile(
      path.join(dir, "复工措施.txt"),
      [
        "某市支持企业复工复产若干措施",
        "一、降低企业经营成本 （一）减轻租金负担。 对承租国有物业的企业，免收两个月租金。对承租其他物业的企业，鼓励业主减免租金。对园区运营机构，参照执行。 （二）减轻社保负担。 允许企业延期缴纳社会保险费。",
        "",
      ].join("\n"),
    );
    const others = ["人才住房", "科技金融", "绿色工厂", "总部企业", "会展活动", "外贸出口"];
    for (const name of others)
      await writeFile(path.join(dir, `${name}.txt`), `某市${name}办法\n第一条 ${name}工作由市主管部门负责。\n`);
    measures = await openSampleKb(undefined, dir);
  });

  it("when the best sentence is a section's heading, then the section's body is quoted in its place, up to the next heading", async () => {
    const a = await measures.ask("在减轻租金负担方面有哪些措施？");
    expect(a.refused).toBe(false);
    // Three sentences at most: the body's, the heading the question named giving way to them.
    expect(a.citations[0].quote).toBe(
      "对承租国有物业的企业，免收两个月租金。对承租其他物业的企业，鼓励业主减免租金。对园区运营机构，参照执行。",
    );
    expect(a.answer).not.toContain("允许企业延期缴纳社会保险费");
  });
});

describe("what carrying the asked kind of answer earns a sentence", () => {
  it("when a figure is asked, then only a sentence holding one earns, and more than a sentence carrying another kind", async () => {
    const { typeBonus } = await import("../../src/answer/extractive.js");
    const { answerType } = await import("../../src/answer/question-type.js");
    const amount = answerType("单个项目最高补多少？");
    expect(typeBonus(amount, true, true)).toBeGreaterThan(typeBonus(answerType("由哪个部门负责？"), true, true));
    expect(typeBonus(amount, false, false)).toBe(0);
  });

  it("when who or why is asked, then a sentence naming an organisation or a reason earns a bonus", async () => {
    const { typeBonus } = await import("../../src/answer/extractive.js");
    const { answerType } = await import("../../src/answer/question-type.js");
    expect(typeBonus(answerType("由哪个部门负责？"), true, true)).toBeGreaterThan(0);
    expect(typeBonus(answerType("为什么要出台这个规程？"), true, true)).toBeGreaterThan(0);
  });

  it("when how is asked, then naming a means (通过, 按照) earns nothing: official prose names one in most sentences", async () => {
    const { typeBonus } = await import("../../src/answer/extractive.js");
    const { answerType } = await import("../../src/answer/question-type.js");
    const how = answerType("焦比是怎么计算的？");
    expect(how.shape).toBe("how");
    expect(how.carries("摄影师通过调整光圈大小来改变镜头的焦比。")).toBe(true);
    expect(typeBonus(how, true, true)).toBe(0);
  });
});

describe("list items and their openers", () => {
  let centre: KnowledgeBase;
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    await writeFile(
      path.join(dir, "技术中心专项资金管理办法.txt"),
      [
        "深圳市技术中心专项资金管理办法",
        "",
        "一、申报条件",
        "申报技术中心认定的企业应当具备下列条件：",
        "（一）在深圳市注册的独立法人企业；",
        "（二）上年度研发投入不低于300万元；",
        "（三）拥有专职研发人员不少于30人。",
        "二、支持标准",
        "（一）限制情形。有下列情形之一的，不予支持：",
        "1. 近三年存在严重失信行为的；",
        "2. 已获得同类资助的。",
        "（二）奖励标准。",
        "1. 对新认定的技术中心给予80万元奖励。",
        "2. 对复核优秀的技术中心给予30万元奖励。",
        "",
      ].join("\n"),
    );
    centre = await openSampleKb(undefined, dir);
  });

  it("does not take the opener of another section's list for an item's (a reward is not a ground for refusal)", async () => {
    const a = await centre.ask("新认定的技术中心奖励多少钱？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("80万元");
    expect(a.answer).not.toContain("不予支持");
  });

  it("quotes a conditions list's opener with its items", async () => {
    const a = await centre.ask("申报技术中心认定需要满足什么条件？");
    expect(a.refused).toBe(false);
    expect(a.answer).toContain("应当具备下列条件");
    expect(a.answer).toContain("（一）在深圳市注册的独立法人企业");
  });
});
