import { describe, expect, it } from "vitest";
import {
  cmrcQuestions,
  contentPhrase,
  evalSetQuestions,
  lawQuestions,
  ncpqaQuestions,
  parseLawArticles,
} from "../../src/bench/questions.js";

const LAW = `# 中华人民共和国中小企业促进法

2002年6月29日第九届全国人民代表大会常务委员会第二十八次会议通过

第一条 这行在信息区，不是条文。

<!-- INFO END -->

## 第一章 总则

第一条 为了改善中小企业经营环境，保障中小企业公平参与市场竞争，制定本法。

第二条 本法所称中小企业，是指在中华人民共和国境内依法设立的企业。
其他款项。

第二百二十四条之一 组织、领导传销活动的，处五年以下有期徒刑或者拘役；情节严重的，处五年以上有期徒刑。

第三条 国家扶持。
`;

describe("law questions", () => {
  it("reads the title without 中华人民共和国 and the articles after the info block, first sentence only", () => {
    const articles = parseLawArticles(LAW);
    expect(articles.map((a) => a.number)).toEqual(["第一条", "第二条", "第二百二十四条之一", "第三条"]);
    expect(articles[0]).toEqual({
      law: "中小企业促进法",
      number: "第一条",
      firstSentence: "为了改善中小企业经营环境，保障中小企业公平参与市场竞争，制定本法。",
    });
    expect(articles[2].firstSentence).toBe("组织、领导传销活动的，处五年以下有期徒刑或者拘役；");
  });

  it("when a file has no title, then it has no articles", () => {
    expect(parseLawArticles("第一条 没有标题。")).toEqual([]);
  });

  it("writes one question per drawn article, by number or by a phrase, with the first sentence as the answer", () => {
    const questions = lawQuestions([{ relPath: "经济法/中小企业促进法(2017-09-01).md", text: LAW }], 10, 1);
    // 第三条's sentence is too short to be an answer.
    expect(questions).toHaveLength(3);
    for (const q of questions) {
      expect(q.docId).toBe("经济法/中小企业促进法(2017-09-01).md");
      expect(LAW).toContain(q.answer);
      expect(q.answer).not.toMatch(/[。；]$/);
    }
    expect(questions[0].question).toMatch(/^《中小企业促进法》第.+条(之.)?是怎么规定的？$/);
    expect(questions[1].question).toMatch(/^中小企业促进法对“.+”有什么规定？$/);
    const phrase = /“(.+)”/.exec(questions[1].question)![1];
    expect(questions[1].answer).toContain(phrase);
  });

  it("takes a phrase from the middle of a sentence", () => {
    expect(contentPhrase("本法所称中小企业是指在中华人民共和国境内依法设立的企业")).toBe("指在中华人民共和国境内依");
  });
});

describe("question sets of the other corpora", () => {
  it("names ncpqa and CMRC documents as the corpus files they are written to", () => {
    const ncpqa = ncpqaQuestions(
      [{ id: "q1", docid: "d1", question: "哪家企业？", answer: "北铃公司" }],
      5,
      1,
      "ncpqa/",
    );
    expect(ncpqa).toEqual([{ id: "ncpqa-q1", question: "哪家企业？", answer: "北铃公司", docId: "ncpqa/d1.txt" }]);
    const cmrc = cmrcQuestions(
      [
        {
          id: "P1",
          title: "标题",
          context: "正文",
          qas: [
            { id: "Q1", question: "问？", answers: [{ text: "答" }] },
            { id: "Q2", question: "无答案？", answers: [] },
          ],
        },
      ],
      5,
      1,
    );
    expect(cmrc).toEqual([{ id: "cmrc-Q1", question: "问？", answer: "答", docId: "P1.txt" }]);
  });

  it("takes only answerable eval-set questions with a gold quote", () => {
    const lines = [
      { id: "a", question: "多少？", answerable: true, gold: { docId: "x.txt", quote: "500万元" } },
      { id: "b", question: "没有？", answerable: false },
      { id: "c", question: "无引文？", answerable: true, gold: { docId: "x.txt" } },
    ];
    expect(evalSetQuestions(lines, 10, 1)).toEqual([
      { id: "a", question: "多少？", answer: "500万元", docId: "x.txt" },
    ]);
  });
});
