import { describe, expect, it } from "vitest";
import { displayWidth, formatFailure, formatSummary, formatViolations } from "../../src/eval/report.js";
import type { EvalResult } from "../../src/eval/runner.js";
import { aggregate, scoreQuestion } from "../../src/eval/scoring.js";

describe("eval report", () => {
  it("counts CJK and full-width characters as two columns", () => {
    expect(displayWidth("命中@1")).toBe(6);
    expect(displayWidth("（四）")).toBe(6);
  });

  it("shows question, expected facts, diagnosis and an answer excerpt for a failure", () => {
    const s = scoreQuestion(
      {
        id: "q1",
        question: "上限多少？",
        category: "number",
        facts: [["500万元", "五百万元"]],
        gold: { docId: "d" },
        answerable: true,
      },
      {
        retrieved: [],
        answer: { answer: "知识库中未找到与该问题直接相关的内容。", refused: true, citations: [] },
        latencyMs: 1,
      },
    );
    expect(formatFailure(s)).toBe(
      "✗ q1 [number] 上限多少？\n    期望：500万元 / 五百万元\n    诊断：false refusal (right passage not retrieved)\n    回答：知识库中未找到与该问题直接相关的内容。",
    );
  });

  it("names the flag of each violated threshold", () => {
    expect(formatViolations([{ flag: "--min-hit5", metric: "hit5", actual: 0.5, limit: 0.9 }])).toContain(
      "--min-hit5 0.9",
    );
  });

  it("shows the set's mean lexical overlap as one summary row, only when measured", () => {
    const run = (lexicalOverlap?: number): EvalResult => {
      const s = scoreQuestion(
        {
          id: "q1",
          question: "上限多少？",
          category: "number",
          facts: ["500万元"],
          gold: { docId: "d", quote: "500万元" },
          answerable: true,
        },
        {
          retrieved: [],
          answer: { answer: "500万元", refused: false, citations: [] },
          latencyMs: 1,
          lexicalOverlap,
        },
      );
      const r = { set: "s", startedAt: "t", answerer: "extractive", embeddingId: "e", today: "2025-06-01" };
      return { ...r, aggregate: aggregate([s]), questions: [s] };
    };
    const rows = formatSummary(run(0.25))
      .split("\n")
      .filter((l) => l.startsWith("问题与金标原文词语重合率"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/25\.0%\s+25\.0%$/);
    expect(formatSummary(run())).not.toContain("问题与金标原文词语重合率");
  });
});
