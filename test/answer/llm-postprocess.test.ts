import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/core/types.js";
import {
  AnswerAssembler,
  DEFAULT_REFUSAL,
  UNVERIFIABLE_REFUSAL,
  postProcess,
  removalNote,
} from "../../src/answer/llm-postprocess.js";
import { DOC_TEXT, KEY_SENTENCE, PASSAGES, REPLY_TITLE } from "./llm-fixtures.js";

function expectExactQuotes(a: Answer) {
  for (const c of [...a.citations, ...(a.nearest ?? [])]) {
    expect(DOC_TEXT[c.docId].slice(c.start, c.end)).toBe(c.quote);
  }
}

describe("postProcess", () => {
  it("keeps a grounded answer and quotes the matching sentence with its offsets", () => {
    const a = postProcess(
      "按照不超过申报单位上年度实际投资额的30%给予扶持，年度最高不超过500万元[1]。截至2021年10月22日答复时，该扶持计划已到期[1]。",
      PASSAGES,
    );
    expect(a.refused).toBe(false);
    expect(a.answer).toBe(
      "按照不超过申报单位上年度实际投资额的30%给予扶持，年度最高不超过500万元[1]。截至2021年10月22日答复时，该扶持计划已到期[1]。",
    );
    expect(a.citations).toHaveLength(1);
    const c = a.citations[0];
    expect(c).toMatchObject({
      n: 1,
      docId: "replies/20210384.docx",
      title: REPLY_TITLE,
      date: "2021-10-22",
      section: "三关于…的建议 > （四）加快公共技术服务平台建设",
    });
    expect(c.quote).toContain(KEY_SENTENCE);
    expect(c.start).toBe(DOC_TEXT[c.docId].indexOf(c.quote));
    expectExactQuotes(a);
  });

  it("renumbers citations in order of first appearance and drops markers naming no passage", () => {
    const a = postProcess(
      "认定为市级企业技术中心的，给予一次性奖励100万元[2][9]。公共技术服务平台年度最高扶持500万元[1]。[3]",
      PASSAGES,
    );
    expect(a.answer).toBe(
      "认定为市级企业技术中心的，给予一次性奖励100万元[1]。公共技术服务平台年度最高扶持500万元[2][3]。",
    );
    expect(a.citations.map((c) => [c.n, c.docId])).toEqual([
      [1, "rules/tech-center.pdf"],
      [2, "replies/20210384.docx"],
      [3, "notices/service.html"],
    ]);
    expect(a.citations[0].quote).toBe("第十二条 对新认定为市级企业技术中心的企业，给予一次性奖励100万元。");
    expect(a.citations[0].section).toBe("第三章 支持措施 > 第十二条");
    expectExactQuotes(a);
  });

  it("removes a sentence whose number is not in the cited passage and says so", () => {
    const a = postProcess(
      "公共技术服务平台年度最高扶持600万元[1]。截至2021年10月22日答复时，该扶持计划已到期[1]。",
      PASSAGES,
    );
    expect(a.refused).toBe(false);
    expect(a.answer).not.toContain("600");
    expect(a.answer).toBe(`截至2021年10月22日答复时，该扶持计划已到期[1]。\n${removalNote(1)}`);
    expectExactQuotes(a);
  });

  it("withholds the answer when nothing verifiable remains", () => {
    const a = postProcess("公共技术服务平台年度最高扶持600万元[1]。", PASSAGES);
    expect(a).toMatchObject({ refused: true, answer: UNVERIFIABLE_REFUSAL, citations: [] });
    expect(a.nearest).toHaveLength(3);
    expectExactQuotes(a);
  });

  it("checks numbers against the passages cited, not any passage", () => {
    // 100万元 is in passage 2, but the sentence cites passage 1.
    const a = postProcess("市级企业技术中心可获奖励100万元[1]。", PASSAGES);
    expect(a.refused).toBe(true);
    expect(a.answer).not.toContain("100");
  });

  it("reads Chinese numerals and full-width forms as the same facts", () => {
    const a = postProcess("平台年度最高扶持五百万元，比例不超过百分之三十【1】。", PASSAGES);
    expect(a.refused).toBe(false);
    expect(a.answer).toBe("平台年度最高扶持五百万元，比例不超过百分之三十[1]。");
  });

  it("gives an unmarked factual sentence the marker of the passage holding its facts", () => {
    const a = postProcess("该计划对公共技术服务平台的年度扶持最高不超过500万元。", PASSAGES);
    expect(a.refused).toBe(false);
    expect(a.answer).toBe("该计划对公共技术服务平台的年度扶持最高不超过500万元[1]。");
    // The quote is the whole passage sentence holding the fact.
    expect(a.citations[0].quote).toContain(KEY_SENTENCE);
    expect(a.citations[0].quote.endsWith(KEY_SENTENCE)).toBe(true);
  });

  it("keeps markers written after the full stop with their sentence", () => {
    const a = postProcess("年度最高不超过500万元。[1]该扶持计划已到期。 [1]", PASSAGES);
    expect(a.answer).toBe("年度最高不超过500万元[1]。该扶持计划已到期[1]。");
  });

  it("does not treat list numbering as a fact", () => {
    const a = postProcess("1. 扶持比例不超过30%[1]；\n2. 年度最高不超过500万元[1]。", PASSAGES);
    expect(a.refused).toBe(false);
    expect(a.answer).toBe("1. 扶持比例不超过30%[1]；\n2. 年度最高不超过500万元[1]。");
  });

  it("widens the quote to the sentences holding the cited facts", () => {
    const a = postProcess("该扶持计划自2017年设立，年度最高不超过500万元[1]。", PASSAGES);
    expect(a.refused).toBe(false);
    const q = a.citations[0].quote;
    expect(q).toContain("2017年");
    expect(q).toContain("500万元");
    expectExactQuotes(a);
  });

  it("passes on the model's refusal with the nearest passages", () => {
    const a = postProcess("知识库中未找到关于数字化转型补贴的内容。", PASSAGES);
    expect(a).toMatchObject({ refused: true, answer: "知识库中未找到关于数字化转型补贴的内容。", citations: [] });
    expect(a.nearest?.map((c) => c.n)).toEqual([1, 2, 3]);
    expect(a.nearest?.[0].quote).toBe(PASSAGES[0].chunk.text);
    expectExactQuotes(a);
  });

  it("replaces a refusal that states an unverifiable number", () => {
    const a = postProcess("知识库中未找到2023年的扶持标准。", PASSAGES);
    expect(a).toMatchObject({ refused: true, answer: DEFAULT_REFUSAL });
  });

  it("treats the model's 'not found' as a refusal even when it cites passages or goes on", () => {
    const cited = postProcess("知识库中未找到新能源汽车购车补贴的标准[1]。年度最高不超过500万元[1]。", PASSAGES);
    expect(cited).toMatchObject({ refused: true, answer: "知识库中未找到新能源汽车购车补贴的标准。", citations: [] });
    expect(cited.nearest).toHaveLength(3);
    // A paraphrase of the prescribed wording is a refusal too, in our words.
    const paraphrased = postProcess("抱歉，段落中没有提及该补贴[2]。", PASSAGES);
    expect(paraphrased).toMatchObject({ refused: true, answer: DEFAULT_REFUSAL, citations: [] });
    // After a cited statement, a 'not found' sentence is part of a partial answer.
    const partial = postProcess("年度最高不超过500万元[1]。知识库中未找到其他年份的标准。", PASSAGES);
    expect(partial.refused).toBe(false);
    expect(partial.answer).toContain("500万元[1]");
  });

  it("withholds a sentence calling an expired scheme open, cited or not, and keeps the rest", () => {
    const a = postProcess("年度最高不超过500万元[1]。目前企业仍可申请该扶持计划[1]。", PASSAGES);
    expect(a.refused).toBe(false);
    expect(a.answer).toBe(`年度最高不超过500万元[1]。\n${removalNote(1, "内容")}`);
    const uncited = postProcess("年度最高不超过500万元[1]。该扶持计划正在实施。", PASSAGES);
    expect(uncited.answer).not.toContain("正在实施");
  });

  it("withholds a sentence calling a scheme repealed when its source does not say so", () => {
    const a = postProcess("认定奖励100万元[2]。该办法已废止[2]。", PASSAGES);
    expect(a.answer).toBe(`认定奖励100万元[1]。\n${removalNote(1, "内容")}`);
  });

  it("refuses an answer that cites nothing", () => {
    expect(postProcess("该政策由市工业和信息化局负责解释。", PASSAGES)).toMatchObject({
      refused: true,
      answer: UNVERIFIABLE_REFUSAL,
    });
    expect(postProcess("", PASSAGES)).toMatchObject({ refused: true, answer: UNVERIFIABLE_REFUSAL });
  });

  it("attaches a dated statement to the document it is dated by", () => {
    const a = postProcess("截至2021年10月22日答复时，该扶持计划已到期。", PASSAGES);
    expect(a.answer).toBe("截至2021年10月22日答复时，该扶持计划已到期[1]。");
  });

  it("does not attach a number to a passage unrelated to the sentence", () => {
    // 100万元 is in passage 2, but the sentence shares nothing else with it.
    const a = postProcess("数字化转型补贴上限为100万元。", PASSAGES);
    expect(a.refused).toBe(true);
    expect(a.answer).not.toContain("100");
  });

  it("discards a leading reasoning block", () => {
    const a = postProcess("<think>用户问扶持标准，应该是600万元？</think>\n年度最高不超过500万元[1]。", PASSAGES);
    expect(a.answer).toBe("年度最高不超过500万元[1]。");
  });

  it("leaves a bracketed document year alone", () => {
    const a = postProcess("奖励标准见第十二条，为100万元[2]，文号深工信规[2019]3号。", PASSAGES);
    expect(a.answer).toContain("[2019]");
  });
});

describe("AnswerAssembler streaming", () => {
  const stream = (raw: string, tokenize: (s: string) => string[] = (s) => [...s]) => {
    const asm = new AnswerAssembler(PASSAGES);
    const out: string[] = [];
    for (const t of tokenize(raw)) {
      const v = asm.push(t);
      if (v) out.push(v);
    }
    const { answer, rest } = asm.finish();
    if (rest) out.push(rest);
    return { answer, out };
  };

  it("streams verified text whose concatenation is the final answer", () => {
    const raw = "年度最高不超过500万元[1]。\n\n截至2021年10月22日答复时，该扶持计划已到期[1]。";
    const { answer, out } = stream(raw);
    expect(out.length).toBeGreaterThan(1);
    expect(out.join("")).toBe(answer.answer);
    expect(answer).toEqual(postProcess(raw, PASSAGES));
  });

  it("never streams a removed number, and streams the removal note at the end", () => {
    const { answer, out } = stream("年度最高扶持600万元[1]。年度最高不超过500万元[1]。");
    expect(out.join("")).not.toContain("600");
    expect(out.join("")).toBe(answer.answer);
    expect(answer.answer.endsWith(removalNote(1))).toBe(true);
  });

  it("holds text until a citation appears, so a refusal is streamed whole", () => {
    const { answer, out } = stream("知识库中未找到相关内容。");
    expect(answer.refused).toBe(true);
    expect(out).toEqual([answer.answer]);
  });

  it("streams nothing of a cited 'not found' reply but the refusal", () => {
    const { answer, out } = stream("知识库中未找到该补贴[1]。年度最高不超过500万元[1]。");
    expect(answer.refused).toBe(true);
    expect(out).toEqual([answer.answer]);
  });

  it("drops a reasoning block streamed token by token", () => {
    const { answer, out } = stream("<think>想一想600万元。</think>年度最高不超过500万元[1]。");
    expect(out.join("")).toBe("年度最高不超过500万元[1]。");
    expect(answer.answer).toBe("年度最高不超过500万元[1]。");
  });

  it("does not split a marker across tokens", () => {
    const raw = "年度最高不超过500万元。[1][2]认定奖励100万元[2]。";
    const { answer } = stream(raw, (s) => s.match(/.{1,2}/gsu) ?? []);
    expect(answer.answer).toBe("年度最高不超过500万元[1][2]。认定奖励100万元[2]。");
  });
});
