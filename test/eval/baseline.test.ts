import { describe, expect, it } from "vitest";
import { compareRuns, flattenMetrics, formatComparison, questionChanges } from "../../src/eval/baseline.js";
import type { EvalResult } from "../../src/eval/runner.js";
import { aggregate, scoreQuestion, type QuestionScore } from "../../src/eval/scoring.js";
import type { EvalQuestion } from "../../src/eval/question-set.js";

const q = (id: string): EvalQuestion => ({
  id,
  question: `问题${id}`,
  category: "number",
  facts: ["50万元"],
  gold: { docId: "d.txt", quote: "50万元" },
  answerable: true,
});
const chunk = {
  id: "d.txt#0",
  docId: "d.txt",
  ordinal: 0,
  text: "补贴50万元。",
  start: 0,
  end: 7,
  sectionPath: [],
  hash: "",
};
const other = { ...chunk, id: "e.txt#0", docId: "e.txt", text: "无关。" };

function score(id: string, right: boolean): QuestionScore {
  const answer = right
    ? {
        answer: "据《通知》：补贴50万元。[1]",
        refused: false,
        citations: [{ n: 1, docId: "d.txt", title: "通知", section: "", quote: "补贴50万元。", start: 0, end: 7 }],
      }
    : { answer: "知识库中未找到相关内容。", refused: true, citations: [] };
  const rank = right ? [chunk, other] : [other, chunk];
  const mode = { rank: right ? 1 : 2, hit1: right, hit5: true, reciprocalRank: right ? 1 : 0.5 };
  return scoreQuestion(q(id), {
    retrieved: rank,
    answer,
    latencyMs: 10,
    quoteSpan: { start: 2, end: 7 },
    modes: { hybrid: { passage: mode, document: mode, answerBearing: mode } },
    goldSpans: [{ docId: "d.txt", quote: "50万元", start: 2, end: 7 }],
  });
}

function run(scores: QuestionScore[], startedAt: string): EvalResult {
  return {
    set: "s",
    startedAt,
    answerer: "extractive",
    embeddingId: "x",
    today: "2025-06-01",
    aggregate: aggregate(scores),
    questions: scores,
  };
}

describe("baseline comparison", () => {
  it("flattens nested metrics into dotted paths", () => {
    const flat = flattenMetrics(aggregate([score("a", true)]).overall);
    expect(flat.get("modes.hybrid.document.hit1")).toBe(1);
    expect(flat.get("factAccuracy")).toBe(1);
  });

  it("lists questions that got worse and better with the indicators that changed, and metric deltas", () => {
    const before = run([score("a", true), score("b", false), score("c", true), score("gone", true)], "t0");
    const after = run([score("a", false), score("b", true), score("c", true), score("new", true)], "t1");
    const c = compareRuns(before, after);
    expect(c.worse.map((x) => x.id)).toEqual(["a"]);
    expect(c.better.map((x) => x.id)).toEqual(["b"]);
    expect(c.mixed).toEqual([]);
    expect(c.onlyInBaseline).toEqual(["gone"]);
    expect(c.onlyInCurrent).toEqual(["new"]);
    const worse = c.worse[0].changes.map((x) => x.indicator);
    expect(worse).toEqual(
      expect.arrayContaining(["passed", "facts", "refused", "passage rank", "doc rank (hybrid)", "span contained"]),
    );
    const docHit1 = c.metrics.find((m) => m.metric === "modes.hybrid.document.hit1")!;
    expect(docHit1.before).toBe(0.75);
    expect(docHit1.after).toBe(0.75);
    expect(docHit1.delta).toBe(0);
    const text = formatComparison(c);
    expect(text).toContain("变差 1 题");
    expect(text).toContain("a 问题a");
  });

  it("sees no change between identical runs", () => {
    const s = score("a", true);
    expect(questionChanges(s, s)).toEqual([]);
    const c = compareRuns(run([s], "t0"), run([s], "t1"));
    expect(c.worse.length + c.better.length + c.mixed.length).toBe(0);
    expect(c.metrics.every((m) => m.delta === null || m.delta === 0)).toBe(true);
  });
});

describe("metric deltas", () => {
  it("formats times in ms and shares in points, and knows which way is better", async () => {
    const { formatDelta, lowerIsBetter } = await import("../../src/eval/baseline.js");
    expect(formatDelta({ metric: "modes.hybrid.searchP50Ms", before: 10, after: 4, delta: -6 })).toBe("-6");
    expect(formatDelta({ metric: "modes.hybrid.document.hit1", before: 0.8, after: 0.85, delta: 0.05 })).toBe(
      "+5.0 pt",
    );
    expect(lowerIsBetter("modes.vector.searchP95Ms")).toBe(true);
    expect(lowerIsBetter("latencyP50Ms")).toBe(true);
    expect(lowerIsBetter("modes.vector.passage.mrr")).toBe(false);
  });
});

describe("span F1 changes", () => {
  it("count only from a move of 0.10", () => {
    const a = score("a", true);
    const small = { ...a, span: { ...a.span!, f1: a.span!.f1 - 0.05 } };
    const big = { ...a, span: { ...a.span!, f1: a.span!.f1 - 0.2 } };
    expect(questionChanges(a, small)).toEqual([]);
    expect(questionChanges(a, big).map((c) => [c.indicator, c.better])).toEqual([["span F1", false]]);
  });
});

describe("law indicators", () => {
  it("lists a law question whose first citation moved to the right version and whose article became whole", () => {
    const before = score("law1", true);
    const after = {
      ...before,
      law: {
        wholeArticle: true,
        missingParagraphs: 0,
        firstCitation: "a/x(2023-01-01).md",
        rightLaw: true,
        rightVersion: true,
      },
    };
    before.law = { ...after.law, wholeArticle: false, missingParagraphs: 1, rightVersion: false };
    expect(questionChanges(before, after).map((c) => [c.indicator, c.before, c.after, c.better])).toEqual([
      ["whole article", "no", "yes", true],
      ["first citation version", "no", "yes", true],
    ]);
  });
});
