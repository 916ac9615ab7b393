/**
 * The law benchmark's pure parts: reading LawRefBook Markdown (articles, 款 and 项, versions from
 * file names) and the law metrics (whole article, first citation's law and version).
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/core/types.js";
import {
  clausesOf,
  findArticle,
  lawKeyOf,
  parseLawMarkdown,
  versionDateOf,
  versionNameOf,
} from "../../src/eval/benchmarks/law-text.js";
import { firstCitation, missingParagraphs, scoreLaw } from "../../src/eval/law-metrics.js";
import { aggregate, scoreQuestion } from "../../src/eval/scoring.js";
import type { EvalQuestion } from "../../src/eval/question-set.js";

const SME = "test/fixtures/bench/laws/经济法/中小企业促进法(2017-09-01).md";
const AUCL = "test/fixtures/bench/laws/经济法/反不正当竞争法(2019-04-23).md";

describe("reading a law file", () => {
  it("takes the title, the history lines and every article with its paragraphs, label cut from the first", async () => {
    const law = parseLawMarkdown(await readFile(SME, "utf8"));
    expect(law.title).toBe("中华人民共和国中小企业促进法");
    expect(law.history).toEqual([
      "2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过",
      "2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议修订",
    ]);
    expect(law.articles.map((a) => a.label)).toEqual(["第一条", "第二条", "第八条", "第八条之一", "第六十一条"]);
    const art8 = findArticle(law, 8)!;
    expect(art8.paragraphs).toEqual([
      "中央财政应当在本级预算中设立中小企业科目，安排中小企业发展专项资金。",
      "县级以上地方各级人民政府应当根据实际情况，在本级财政预算中安排中小企业发展专项资金。",
    ]);
    // the heading after an article ends it; 之一 is found by its label only
    expect(findArticle(law, "第八条之一")!.paragraphs).toHaveLength(1);
    expect(findArticle(law, 61)!.paragraphs).toEqual(["本法自2018年1月1日起施行。"]);
    expect(findArticle(law, 62)).toBeUndefined();
  });

  it("groups items (项) with the paragraph (款) they follow", async () => {
    const art = findArticle(parseLawMarkdown(await readFile(AUCL, "utf8")), "第九条")!;
    const clauses = clausesOf(art);
    expect(clauses).toHaveLength(3);
    expect(clauses[0]).toHaveLength(3);
    expect(clauses[0][1]).toMatch(/^（一）/);
    expect(clauses[2][0]).toMatch(/^本法所称的商业秘密/);
  });

  it("names the law and the version from the file name, whatever the folder", () => {
    expect(lawKeyOf("经济法/中小企业促进法(2017-09-01).md")).toBe("中小企业促进法");
    expect(lawKeyOf("DLC/上海地方法规/地方性法规/上海/上海市检验检测条例.md")).toBe("上海市检验检测条例");
    expect(versionNameOf("行政法/广告法(2021-04-29).md")).toBe(versionNameOf("经济法/广告法(2021-04-29).md"));
    expect(versionDateOf("民法商法/公司法(2023-12-29).md")).toBe("2023-12-29");
    expect(versionDateOf("刑法/刑法.md")).toBeUndefined();
  });
});

const cite = (n: number, docId: string, quote = ""): Citation => ({
  n,
  docId,
  title: "",
  date: undefined,
  section: "",
  quote,
  start: 0,
  end: 0,
});

const ART8 = [
  "中央财政应当在本级预算中设立中小企业科目，安排中小企业发展专项资金。",
  "县级以上地方各级人民政府应当根据实际情况，在本级财政预算中安排中小企业发展专项资金。",
];
const GOLD = "经济法/中小企业促进法(2017-09-01).md";

const articleQuestion: EvalQuestion = {
  id: "a1",
  question: "中小企业促进法第八条是什么？",
  category: "fact",
  tags: ["law", "article"],
  facts: ART8,
  gold: { docId: GOLD, quote: ART8[0], paragraphs: ART8 },
  answerable: true,
};

describe("law metrics", () => {
  it("counts a whole article only when every paragraph is in the answer, ignoring prefixes, markers and punctuation", () => {
    const whole: Answer = {
      answer: `据《中华人民共和国中小企业促进法》（2017年9月1日）“第八条”部分：第八条 ${ART8[0]}[1]\n据《中华人民共和国中小企业促进法》：${ART8[1].replace("，", ",")}[2]`,
      refused: false,
      citations: [cite(1, GOLD), cite(2, GOLD)],
    };
    expect(missingParagraphs(whole, ART8)).toEqual([]);
    const first: Answer = { ...whole, answer: `第八条 ${ART8[0]}[1]` };
    expect(missingParagraphs(first, ART8)).toEqual([ART8[1]]);
    expect(missingParagraphs({ ...whole, refused: true }, ART8)).toEqual(ART8);
  });

  it("takes the first citation the answer marks, else citation 1", () => {
    const a: Answer = { answer: "见[2]，另见[1]", refused: false, citations: [cite(1, "x.md"), cite(2, "y.md")] };
    expect(firstCitation(a)!.docId).toBe("y.md");
    expect(firstCitation({ ...a, answer: "没有标记[9]" })!.docId).toBe("x.md");
    expect(firstCitation({ ...a, refused: true })).toBeUndefined();
  });

  it("tells the right law in another version, another law with the same article, and a refusal apart", () => {
    const answer = (docId: string): Answer => ({
      answer: `${ART8.join("\n")}[1]`,
      refused: false,
      citations: [cite(1, docId)],
    });
    const right = scoreLaw(articleQuestion, answer(GOLD))!;
    expect(right).toMatchObject({ wholeArticle: true, rightLaw: true, rightVersion: true, missingParagraphs: 0 });
    // the same version filed in another folder is the same text
    expect(scoreLaw(articleQuestion, answer("其他/中小企业促进法(2017-09-01).md"))!.rightVersion).toBe(true);
    const older = scoreLaw(articleQuestion, answer("经济法/中小企业促进法(2002-06-29).md"))!;
    expect(older).toMatchObject({ rightLaw: true, rightVersion: false });
    const local = scoreLaw(articleQuestion, answer("DLC/河南/河南省实施《中小企业促进法》办法(2008-06-06).md"))!;
    expect(local).toMatchObject({ rightLaw: false, rightVersion: false });
    const refused = scoreLaw(articleQuestion, { answer: "知识库中未找到", refused: true, citations: [] })!;
    expect(refused).toMatchObject({ wholeArticle: false, rightLaw: false, firstCitation: null });
    // untagged questions (other sets) get no law score; refusal questions no law or version
    expect(scoreLaw({ ...articleQuestion, tags: [] }, answer(GOLD))).toBeNull();
    const unanswerable = { answerable: false, tags: ["law"], gold: undefined };
    expect(scoreLaw(unanswerable, answer(GOLD))).toMatchObject({ rightLaw: null, wholeArticle: null });
  });

  it("aggregates the law metrics and diagnoses the failure", () => {
    const run = (docId: string, text: string) => ({
      retrieved: [],
      latencyMs: 5,
      answer: { answer: `${text}[1]`, refused: false, citations: [cite(1, docId, text)] },
    });
    const scores = [
      scoreQuestion({ ...articleQuestion, id: "ok" }, run(GOLD, ART8.join("\n"))),
      scoreQuestion({ ...articleQuestion, id: "half" }, run(GOLD, ART8[0])),
      scoreQuestion({ ...articleQuestion, id: "old" }, run("经济法/中小企业促进法(2002-06-29).md", ART8.join("\n"))),
    ];
    expect(scores.map((s) => s.diagnosis)).toEqual([
      null,
      "incomplete article: 1 paragraph(s) missing from the answer",
      `first citation from another version: 经济法/中小企业促进法(2002-06-29).md (expected ${GOLD})`,
    ]);
    const m = aggregate(scores).overall;
    expect(m.wholeArticle).toBeCloseTo(2 / 3);
    expect(m.firstCitationLaw).toBe(1);
    expect(m.firstCitationVersion).toBeCloseTo(2 / 3);
  });
});
