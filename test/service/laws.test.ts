/**
 * Questions about laws, on a knowledge base over real LawRefBook files (test/fixtures/laws): a law
 * and its 实施条例 and a local 实施办法 with the same article numbers, two versions of one
 * regulation and of one law.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { tempDir } from "../helpers/corpus.js";

const SME = "经济法/中小企业促进法(2017-09-01).md";
const PAYMENT_2020 = "行政法规/保障中小企业款项支付条例(2020-07-05).md";
const PAYMENT_2025 = "行政法规/保障中小企业款项支付条例(2025-03-17).md";
const LABOUR = "社会法/劳动合同法(2012-12-28).md";
const LABOUR_REGULATION = "行政法规/劳动合同法实施条例(2008-09-18).md";
const HENAN = "DLC/河南地方法规/地方性法规/河南/河南省实施《中小企业促进法》办法(2008-06-06).md";
const REVIEW_2017 = "诉讼与非诉讼程序法/行政复议法(2017-09-01).md";
const REVIEW_2023 = "诉讼与非诉讼程序法/行政复议法(2023-09-01).md";

const SME_ARTICLE_2 = [
  "第二条 本法所称中小企业，是指在中华人民共和国境内依法设立的，人员规模、经营规模相对较小的企业，包括中型企业、小型企业和微型企业。",
  "中型企业、小型企业和微型企业划分标准由国务院负责中小企业促进工作综合管理的部门会同国务院有关部门，根据企业从业人员、营业收入、资产总额等指标，结合行业特点制定，报国务院批准。",
];

let today = new Date("2025-06-01T00:00:00Z");
let kb: KnowledgeBase;

beforeAll(async () => {
  kb = new KnowledgeBase({
    corpusDir: path.resolve("test/fixtures/laws"),
    dataDir: await tempDir("laws"),
    chunkChars: 250,
    tokenizer: createTokenizer(),
    embedding: { kind: "local" },
    answerer: new ExtractiveAnswerer(),
    now: () => today,
  });
  await kb.open();
}, 120_000);

function on<T>(day: string, run: () => Promise<T>): Promise<T> {
  const before = today;
  today = new Date(`${day}T00:00:00Z`);
  return run().finally(() => (today = before));
}

describe("when a question asks for an article of a named law", () => {
  it.each([
    "《中小企业促进法》第二条的内容是什么？",
    "中小企业促进法第2条",
    "中华人民共和国中小企业促进法第二条规定了什么",
    "请问中小企业促进法第二条怎么规定的？",
  ])("then %s gets the whole article, every 款, cited with its path and version", async (question) => {
    const answer = await kb.ask(question);
    expect(answer.refused).toBe(false);
    for (const paragraph of SME_ARTICLE_2) expect(answer.answer).toContain(paragraph);
    expect(answer.citations[0]).toMatchObject({
      docId: SME,
      title: "中华人民共和国中小企业促进法",
      date: "2017-09-01",
      section: "第一章 总则 > 第二条",
      quote: SME_ARTICLE_2.join("\n\n"),
    });
    expect(answer.answer).toContain("2017年9月1日修订版");
  });

  it("then the sources sent before the answer are the chunks of the cited article, then of the version note's sources", async () => {
    const sources: string[] = [];
    const answer = await kb.ask("中小企业促进法第二条", {
      onSources: (ps) => sources.push(...ps.map((p) => p.chunk.id)),
    });
    const chunks = kb.indexedDocument(SME)!.chunks;
    const chunk = chunks.find((c) => c.id === sources[0])!;
    expect(chunk.sectionPath.map((h) => h.label)).toEqual(["第一章", "第二条"]);
    for (const id of sources) {
      const c = chunks.find((x) => x.id === id)!;
      expect(answer.citations.some((cit) => c.start < cit.end && cit.start < c.end)).toBe(true);
    }
  });

  it("then every date of the version note is quoted from a cited source", async () => {
    const answer = await kb.ask("中小企业促进法第二条");
    const note = answer.answer.split("\n").at(-1)!;
    const dates = [...note.matchAll(/\d{4}年\d{1,2}月\d{1,2}日/g)].map((m) => m[0]);
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates)
      expect(
        answer.citations.slice(1).some((c) => c.quote.includes(d)),
        d,
      ).toBe(true);
    expect(note).toMatch(/\[2\]/);
  });

  it("then 第二条第二款 gets that 款 alone", async () => {
    const answer = await kb.ask("中小企业促进法第二条第二款是怎么规定的");
    expect(answer.citations[0].quote).toBe(SME_ARTICLE_2[1]);
    expect(answer.citations[0].section).toBe("第一章 总则 > 第二条 > 第二款");
    expect(answer.answer).not.toContain("本法所称中小企业");
  });

  it("then the law itself is cited, not its 实施条例 or a local 实施办法 with the same article number", async () => {
    expect((await kb.ask("劳动合同法第十条规定了什么？")).citations[0].docId).toBe(LABOUR);
    expect((await kb.ask("劳动合同法实施条例第十条规定了什么？")).citations[0].docId).toBe(LABOUR_REGULATION);
    expect((await kb.ask("中小企业促进法第三条")).citations[0].docId).toBe(SME);
    expect((await kb.ask("河南省实施《中小企业促进法》办法第三条")).citations[0].docId).toBe(HENAN);
  });

  it("then a common abbreviation finds the law, but a shorter name of another law does not", async () => {
    expect((await kb.ask("中促法第二条讲的是什么")).citations[0].docId).toBe(SME);
    expect((await kb.ask("款项支付条例第九条")).citations[0].docId).toBe(PAYMENT_2025);
    // 劳动法 and 合同法 are laws of their own, not abbreviations of 劳动合同法.
    expect((await kb.ask("劳动法第十条")).refused).toBe(true);
    expect((await kb.ask("合同法第五十二条规定了哪些合同无效？")).refused).toBe(true);
  });

  it("then an article past the end, a 款 the article lacks, or a law not in the corpus is refused plainly", async () => {
    const pastEnd = await kb.ask("中小企业促进法第九十九条的内容是什么？");
    expect(pastEnd).toMatchObject({ refused: true, citations: [] });
    expect(pastEnd.answer).toMatch(/^知识库中未找到《中华人民共和国中小企业促进法》第九十九条.*共六十一条/);
    const noParagraph = await kb.ask("中小企业促进法第一条第三款");
    expect(noParagraph.refused).toBe(true);
    expect(noParagraph.answer).toContain("只有一款");
    const absent = await kb.ask("《数据安全法》第三条规定了什么？");
    expect(absent).toMatchObject({ refused: true, answer: "知识库中未找到《数据安全法》：知识库中没有这部法律法规。" });
    // A local 实施办法 the corpus lacks is not answered by the law whose name it contains.
    expect((await kb.ask("浙江省实施中小企业促进法办法第三条")).refused).toBe(true);
    // So is a province's regulation named like a national one.
    expect((await kb.ask("广东省劳动合同法实施条例第十条")).refused).toBe(true);
  });

  it("then a question about a named text the corpus neither holds nor mentions is refused, without an article number", async () => {
    const absent = await kb.ask("中小企业划型标准规定里工业企业的划分标准是什么？");
    expect(absent).toMatchObject({ refused: true, citations: [] });
    expect(absent.answer).toContain("《中小企业划型标准规定》");
    expect((await kb.ask("《数据安全法》对数据分类有什么要求？")).refused).toBe(true);
    // A law the corpus holds, and generic wording, are searched as usual.
    expect((await kb.ask("劳动合同法里对试用期是怎么规定的？")).refused).toBe(false);
    expect((await kb.ask("有关规定中对中小企业的发展专项资金怎么安排？")).refused).toBe(false);
  });
});

describe("when staff name a law in their own words", () => {
  it("then a short form with no article after it still finds the law, for its dates and its content", async () => {
    const dates = await kb.ask("中促法啥时候开始施行的？");
    expect(dates.refused).toBe(false);
    expect(dates.citations[0].docId).toBe(SME);
    expect(dates.answer).toContain("2018年1月1日");
    const history = await kb.ask("行政复议法改过几次？最近那次是哪天");
    expect(history.citations[0].docId).toBe(REVIEW_2023);
    expect(history.answer).toContain("2023年9月1日");
  });

  it("then several articles or 款 asked together are quoted together, each cited", async () => {
    const answer = await kb.ask("中小企业促进法第二条第一款和第二款");
    expect(answer.citations.slice(0, 2).map((c) => c.section)).toEqual([
      "第一章 总则 > 第二条 > 第一款",
      "第一章 总则 > 第二条 > 第二款",
    ]);
    for (const paragraph of SME_ARTICLE_2) expect(answer.answer).toContain(paragraph.replace(/^第二条 /, ""));
    const two = await kb.ask("劳动合同法第十九条、第二十条");
    expect(two.citations.slice(0, 2).map((c) => c.docId)).toEqual([LABOUR, LABOUR]);
    expect(two.answer).toMatch(/第十九条[\s\S]*\[1\][\s\S]*第二十条[\s\S]*\[2\]/);
  });

  it("then 'does the law say anything about X' is answered from the law, not from its 实施条例 restating it", async () => {
    const answer = await kb.ask("劳动合同法里有没有不签书面合同要付双倍工资的规定");
    expect(answer.refused).toBe(false);
    expect(answer.citations[0].docId).toBe(LABOUR);
    expect(answer.citations[0].quote).toContain("二倍的工资");
  });
});

describe("when a law has several versions", () => {
  it("then the version in force on the day is quoted, saying so and naming the other", async () => {
    const current = await kb.ask("保障中小企业款项支付条例第九条");
    expect(current.citations[0]).toMatchObject({ docId: PAYMENT_2025, date: "2025-03-17" });
    expect(current.answer).toMatch(/2025年3月17日修订版.*自2025年6月1日起施行.*现行有效.*2020年7月5日版/);
    // The day before the 2025 revision took effect, the 2020 text was the one in force.
    const before = await on("2025-05-31", () => kb.ask("保障中小企业款项支付条例第九条"));
    expect(before.citations[0]).toMatchObject({ docId: PAYMENT_2020, date: "2020-07-05" });
    expect(before.answer).toContain("为现行有效版本");
  });

  it("then the version asked for by year is quoted, and a year the corpus lacks is refused", async () => {
    const older = await kb.ask("行政复议法2023年修订前第二条的规定");
    expect(older.citations[0]).toMatchObject({ docId: REVIEW_2017, date: "2017-09-01" });
    expect(older.answer).toContain("已被2023年9月1日修订版取代");
    expect((await kb.ask("2017年版行政复议法第二条")).citations[0].docId).toBe(REVIEW_2017);
    expect((await kb.ask("行政复议法（2017年）第二条")).citations[0].docId).toBe(REVIEW_2017);
    // "2020年的" before the name: the text in force that year.
    expect((await kb.ask("2020年的行政复议法第二条")).citations[0].docId).toBe(REVIEW_2017);
    const missing = await kb.ask("中小企业促进法2002年版第二条");
    expect(missing.refused).toBe(true);
    expect(missing.answer).toContain("知识库中只有2017年9月1日修订版");
  });

  it("then a question on what changed shows the article of both versions side by side", async () => {
    const answer = await kb.ask("行政复议法第二条在2023年修订前后有什么变化？");
    expect(answer.citations.map((c) => c.docId)).toEqual([REVIEW_2017, REVIEW_2023]);
    expect(answer.answer).toMatch(/【2017年9月1日修正版】第二条 .*具体行政行为.*\[1\]\n【2023年9月1日修订版】第二条 /s);
  });

  it("then a question comparing two articles quotes both from the version in force, not two versions", async () => {
    const answer = await kb.ask("行政复议法第二条和第三条有什么区别？");
    expect(answer.citations.slice(0, 2).map((c) => [c.docId, c.section.split(" > ").at(-1)])).toEqual([
      [REVIEW_2023, "第二条"],
      [REVIEW_2023, "第三条"],
    ]);
  });

  it("then a question on the law's validity names the version in force and its 施行 article", async () => {
    const answer = await kb.ask("行政复议法现在还有效吗？");
    expect(answer.citations.map((c) => c.docId)).toEqual([REVIEW_2023, REVIEW_2023]);
    expect(answer.citations[0].quote).toMatch(/^1999年4月29日.*通过[\s\S]*2023年9月1日.*修订$/);
    expect(answer.citations[1].quote).toBe("第九十条 本法自2024年1月1日起施行。");
    expect(answer.answer).toContain("现行有效");
    expect(answer.answer).toMatch(/1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过/);
    // A day asked about stands for today; a question on a term's 有效期 is content, not validity.
    const then = await kb.ask("2024年5月1日施行的是哪个版本的保障中小企业款项支付条例");
    expect(then.citations.at(-1)!.docId).toBe(PAYMENT_2020);
    expect(then.answer).toContain("为2024年5月1日时有效的版本");
  });

  it("then ordinary questions are answered from the version in force, never the superseded one", async () => {
    const answer = await kb.ask("大型企业从中小企业采购货物应当在多少日内支付款项？");
    expect(answer.refused).toBe(false);
    expect(answer.citations.every((c) => c.docId !== PAYMENT_2020)).toBe(true);
  });

  it("then the documents list shows the law once, with its versions", () => {
    const rows = kb.documents().filter((d) => d.law?.name === "保障中小企业款项支付条例");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ docId: PAYMENT_2025, law: { levelName: "行政法规" } });
    expect(rows[0].law!.versions).toEqual([
      { docId: PAYMENT_2020, date: "2020-07-05", effectiveDate: "2020-09-01", current: false },
      { docId: PAYMENT_2025, date: "2025-03-17", effectiveDate: "2025-06-01", current: true },
    ]);
  });
});

describe("when a question asks which law governs a matter", () => {
  it("then it is answered from the law's articles, the law's title in the answer", async () => {
    const answer = await kb.ask("哪部法律规定了中小企业发展基金？");
    expect(answer.refused).toBe(false);
    expect(answer.citations[0].docId).toBe(SME);
    expect(answer.answer).toContain("《中华人民共和国中小企业促进法》");
  });
});

describe("when a question asks about a chapter of a named law", () => {
  const REVIEW = "诉讼与非诉讼程序法/行政复议法(2023-09-01).md";

  it("then the chapter's heading is quoted, with its first and last article and its sections", async () => {
    const answer = await kb.ask("行政复议法第二章讲的是什么？");
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain("“第二章 行政复议申请”[1]");
    expect(answer.answer).toContain("第十一条[2]至第二十九条[3]");
    expect(answer.answer).toContain("第一节 行政复议范围；第二节 行政复议参加人");
    // The version in force on the day, said as for an article.
    expect(answer.answer).toContain("2023年");
    for (const c of answer.citations) expect(c.docId).toBe(REVIEW);
    const heading = answer.citations[0];
    expect(heading.quote).toBe("第二章 行政复议申请");
  });

  it("then a section within a chapter narrows it", async () => {
    const answer = await kb.ask("行政复议法第二章第二节有哪些条文？");
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain("“第二节 行政复议参加人”[1]");
    expect(answer.answer).toContain("第十四条[2]");
    expect(answer.answer).not.toContain("下设");
  });

  it("then a chapter the law does not have is refused, saying how many it has", async () => {
    const answer = await kb.ask("行政复议法第二十章是什么内容？");
    expect(answer.refused).toBe(true);
    expect(answer.answer).toContain("共七章");
  });
});
