import { describe, expect, it } from "vitest";
import type { Answer, Chunk, Citation, Heading } from "../../src/core/types.js";
import { factPresent, firstRelevantRank, isRelevant, locateQuote, sectionMatches } from "../../src/eval/match.js";
import type { EvalQuestion } from "../../src/eval/question-set.js";
import { aggregate, citedCitations, computeMetrics, percentile, scoreQuestion } from "../../src/eval/scoring.js";
import { checkThresholds } from "../../src/eval/thresholds.js";

const DOC = "reply-letters/letter.txt";
const h = (label: string, title = "", level = 1): Heading => ({ label, title, level });

function chunk(id: number, text: string, start: number, path: Heading[], docId = DOC): Chunk {
  return {
    id: `${docId}#${id}`,
    docId,
    ordinal: id,
    text,
    start,
    end: start + text.length,
    sectionPath: path,
    hash: "x",
  };
}

const platform = chunk(43, "按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元。", 5115, [
  h("三"),
  h("（四）", "加快公共技术服务平台建设", 2),
]);
const talent = chunk(45, "（五）加快人才培育与引进力度。", 5483, [h("三"), h("（五）", "加快人才培育与引进力度", 2)]);
const deeper = chunk(41, "专精特新“小巨人”企业总数达到169家。", 4752, [h("三"), h("（三）", "", 2), h("二是", "", 3)]);
const other = chunk(13, "按照不超过项目审定投资额的20%给予资助。", 597, [h("第二章")], "policy-rules/rule.txt");

function citation(n: number, quote: string, extra: Partial<Citation> = {}): Citation {
  return {
    n,
    docId: DOC,
    title: "答复函",
    date: "2021-10-22",
    section: "三 > （四）",
    quote,
    start: 0,
    end: quote.length,
    ...extra,
  };
}

function question(extra: Partial<EvalQuestion> = {}): EvalQuestion {
  return {
    id: "q",
    question: "平台扶持上限多少？",
    category: "number",
    facts: [["500万元", "五百万元"]],
    gold: { docId: DOC, section: "三 > （四）" },
    answerable: true,
    ...extra,
  };
}

const answered = (text: string, citations: Citation[]): Answer => ({ answer: text, refused: false, citations });
const refusedAnswer: Answer = { answer: "知识库中未找到与该问题直接相关的内容。", refused: true, citations: [] };

describe("section matching", () => {
  it("matches gold labels as a prefix of the chunk's section path", () => {
    expect(sectionMatches("三 > （四）", platform.sectionPath)).toBe(true);
    expect(sectionMatches("三", platform.sectionPath)).toBe(true);
    expect(sectionMatches("三 > （三）", deeper.sectionPath)).toBe(true);
    expect(sectionMatches("三 > （四）", talent.sectionPath)).toBe(false);
    expect(sectionMatches("（四）", platform.sectionPath)).toBe(false);
    expect(sectionMatches("三 > （四） > 一是", platform.sectionPath)).toBe(false);
  });

  it("accepts the rendered label+title form and half-width brackets", () => {
    expect(sectionMatches("三 > （四）加快公共技术服务平台建设", platform.sectionPath)).toBe(true);
    expect(sectionMatches("三>(四)", platform.sectionPath)).toBe(true);
  });
});

describe("passage relevance", () => {
  it("with a quote, needs the quote in the chunk or an overlap with its span", () => {
    const gold = { docId: DOC, section: "三 > （四）", quote: "年度最高不超过500万元" };
    expect(isRelevant(platform, gold)).toBe(true);
    expect(isRelevant(talent, gold)).toBe(false);
    const straddling = { start: platform.end - 3, end: platform.end + 10 };
    expect(isRelevant(platform, { docId: DOC, quote: "不在此片段" }, straddling)).toBe(true);
    expect(isRelevant(other, gold)).toBe(false);
  });

  it("without a quote uses the section, and without a section any chunk of the document", () => {
    expect(isRelevant(talent, { docId: DOC, section: "三 > （五）" })).toBe(true);
    expect(isRelevant(talent, { docId: DOC })).toBe(true);
    expect(isRelevant(other, { docId: DOC })).toBe(false);
  });

  it("ranks the first relevant chunk, 1-based", () => {
    const gold = { docId: DOC, section: "三 > （四）" };
    expect(firstRelevantRank([other, talent, platform], gold)).toBe(3);
    expect(firstRelevantRank([platform], gold)).toBe(1);
    expect(firstRelevantRank([other, talent], gold)).toBeNull();
    expect(firstRelevantRank([other, talent, platform], gold, undefined, 2)).toBeNull();
  });

  it("locates a quote in the document text", () => {
    expect(locateQuote("甲乙丙丁", "丙丁")).toEqual({ start: 2, end: 4 });
    expect(locateQuote("甲乙丙丁", "戊")).toBeUndefined();
  });
});

describe("fact matching", () => {
  it("normalizes width and Chinese numerals on both sides", () => {
    expect(factPresent(["年度最高不超过五百万元"], "500万元")).toBe(true);
    expect(factPresent(["不超过３０％"], "30%")).toBe(true);
    expect(factPresent(["已连续举办十二届"], "12届")).toBe(true);
    expect(factPresent(["只能申报一个项目"], "一个")).toBe(true);
  });

  it("needs a number to stand whole", () => {
    expect(factPresent(["增长130%"], "30%")).toBe(false);
    expect(factPresent(["共1500万元"], "500万元")).toBe(false);
  });

  it("accepts any alternative and normalizes dates", () => {
    expect(factPresent(["上限二百万元"], ["200万元", "二百万元"])).toBe(true);
    expect(factPresent(["答复日期 2021-10-22"], "2021年10月22日")).toBe(true);
  });
});

describe("scoreQuestion", () => {
  it("scores a right, grounded answer", () => {
    const s = scoreQuestion(question(), {
      retrieved: [talent, platform],
      answer: answered("年度最高不超过500万元[1]", [citation(1, "且年度最高不超过500万元")]),
      latencyMs: 3,
    });
    expect(s.retrieval).toEqual({ rank: 2, hit1: false, hit5: true, reciprocalRank: 0.5 });
    expect(s).toMatchObject({
      factsOk: true,
      grounded: true,
      quoteHoldsFacts: true,
      refusal: "answered",
      diagnosis: null,
    });
  });

  it("flags a number the cited quote does not hold", () => {
    const s = scoreQuestion(question(), {
      retrieved: [platform],
      answer: answered("上限500万元，比例40%[1]", [citation(1, "年度最高不超过500万元"), citation(2, "比例40%")]),
      latencyMs: 1,
    });
    expect(s.grounded).toBe(false);
    expect(s.ungrounded).toEqual(["40%"]);
    expect(s.diagnosis).toMatch(/ungrounded.*40%/);
  });

  it("uses the citation's date and title as evidence", () => {
    const s = scoreQuestion(question({ facts: ["2021年10月22日"] }), {
      retrieved: [platform],
      answer: answered("答复日期为2021年10月22日[1]", [citation(1, "专此答复。")]),
      latencyMs: 1,
    });
    expect(s).toMatchObject({ factsOk: true, grounded: true, quoteHoldsFacts: true });
  });

  it("flags facts the answer states but no cited quote holds", () => {
    const s = scoreQuestion(question(), {
      retrieved: [platform],
      answer: answered("上限500万元", [citation(1, "按照投资额给予扶持")]),
      latencyMs: 1,
    });
    expect(s.factsOk).toBe(true);
    expect(s.grounded).toBe(false);
    expect(s.quoteHoldsFacts).toBe(false);
  });

  it("diagnoses a false refusal and a missed refusal", () => {
    const falseRefusal = scoreQuestion(question(), { retrieved: [platform], answer: refusedAnswer, latencyMs: 1 });
    expect(falseRefusal).toMatchObject({ refusal: "false-refusal", factsOk: false, grounded: null });
    expect(falseRefusal.diagnosis).toMatch(/^false refusal \(right passage at rank 1\)/);

    const unanswerable = question({ category: "unanswerable", answerable: false, facts: [], gold: undefined });
    const missed = scoreQuestion(unanswerable, {
      retrieved: [platform],
      answer: answered("500万元[1]", [citation(1, "500万元")]),
      latencyMs: 1,
    });
    expect(missed).toMatchObject({ refusal: "missed-refusal", retrieval: null, factsOk: null });
    expect(missed.diagnosis).toMatch(/missed refusal/);

    const right = scoreQuestion(unanswerable, { retrieved: [platform], answer: refusedAnswer, latencyMs: 1 });
    expect(right).toMatchObject({ refusal: "refused-correctly", diagnosis: null });
  });

  it("tells a retrieval miss from a wrong sentence", () => {
    const wrong = answered("年度最高不超过300万元[1]", [citation(1, "年度最高不超过300万元")]);
    expect(scoreQuestion(question(), { retrieved: [talent], answer: wrong, latencyMs: 1 }).diagnosis).toMatch(
      /^retrieval miss/,
    );
    expect(scoreQuestion(question(), { retrieved: [platform], answer: wrong, latencyMs: 1 }).diagnosis).toMatch(
      /^wrong sentence chosen \(right passage at rank 1\)/,
    );
  });

  it("takes the citations marked in the text, or all when there are no markers", () => {
    const cs = [citation(1, "甲"), citation(2, "乙")];
    expect(citedCitations(answered("见[2]", cs)).map((c) => c.n)).toEqual([2]);
    expect(citedCitations(answered("无标记", cs)).map((c) => c.n)).toEqual([1, 2]);
  });
});

describe("aggregation", () => {
  const unanswerable = question({ id: "u", category: "unanswerable", answerable: false, facts: [], gold: undefined });
  const good = scoreQuestion(question({ id: "a" }), {
    retrieved: [platform],
    answer: answered("500万元[1]", [citation(1, "500万元")]),
    latencyMs: 10,
  });
  const refused = scoreQuestion(question({ id: "b", category: "fact" }), {
    retrieved: [talent, other],
    answer: refusedAnswer,
    latencyMs: 20,
  });
  const refusedRight = scoreQuestion(unanswerable, { retrieved: [], answer: refusedAnswer, latencyMs: 30 });
  const missed = scoreQuestion(
    { ...unanswerable, id: "v" },
    { retrieved: [], answer: answered("无数字", [citation(1, "甲")]), latencyMs: 40 },
  );

  it("computes the overall metrics over the right denominators", () => {
    const m = computeMetrics([good, refused, refusedRight, missed]);
    expect(m).toMatchObject({
      questions: 4,
      answerable: 2,
      unanswerable: 2,
      hit1: 0.5,
      hit5: 0.5,
      mrr: 0.5,
      factAccuracy: 0.5,
      groundedShare: 1,
      quoteHoldsFacts: 1,
      refusalAccuracy: 0.5,
      falseRefusalRate: 0.5,
      latencyP50Ms: 20,
      latencyP95Ms: 40,
    });
  });

  it("splits by category and lists failures", () => {
    const a = aggregate([good, refused, refusedRight, missed]);
    expect(Object.keys(a.byCategory).sort()).toEqual(["fact", "number", "unanswerable"]);
    expect(a.byCategory.unanswerable).toMatchObject({ hit1: null, factAccuracy: null, refusalAccuracy: 0.5 });
    expect(a.failures).toEqual(["b", "v"]);
  });

  it("averages lexical overlap over the questions that have a gold passage", () => {
    const run = { retrieved: [platform], answer: answered("500万元[1]", [citation(1, "500万元")]), latencyMs: 1 };
    const low = scoreQuestion(question({ id: "x" }), { ...run, lexicalOverlap: 0.25 });
    const high = scoreQuestion(question({ id: "y" }), { ...run, lexicalOverlap: 0.75 });
    expect(low.lexicalOverlap).toBe(0.25);
    expect(good.lexicalOverlap).toBeNull();
    expect(computeMetrics([low, high, good, refusedRight]).meanLexicalOverlap).toBe(0.5);
    expect(computeMetrics([good, refusedRight]).meanLexicalOverlap).toBeNull();
  });

  it("takes nearest-rank percentiles", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(
      percentile(
        [...Array(100).keys()].map((i) => i + 1),
        95,
      ),
    ).toBe(95);
  });
});

describe("thresholds", () => {
  const m = computeMetrics([
    scoreQuestion(question(), {
      retrieved: [platform],
      answer: answered("500万元[1]", [citation(1, "500万元")]),
      latencyMs: 1,
    }),
  ]);

  it("reports metrics below a minimum or above a maximum", () => {
    expect(checkThresholds(m, { minFactAccuracy: 0.9, maxFalseRefusal: 0 })).toEqual([]);
    const v = checkThresholds(
      { ...m, factAccuracy: 0.5, falseRefusalRate: 0.2 },
      { minFactAccuracy: 0.9, maxFalseRefusal: 0.1, minHit5: 0.5 },
    );
    expect(v.map((x) => x.flag)).toEqual(["--min-fact-accuracy", "--max-false-refusal"]);
  });

  it("fails a gate whose metric cannot be computed", () => {
    expect(checkThresholds(m, { minRefusalAccuracy: 0.5 })).toEqual([
      { flag: "--min-refusal-accuracy", metric: "refusalAccuracy", actual: null, limit: 0.5 },
    ]);
  });
});
