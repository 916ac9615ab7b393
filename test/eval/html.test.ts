import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/eval/baseline.js";
import { barChart, escapeHtml, latencyHistogram, renderHtmlReport } from "../../src/eval/html.js";
import type { EvalResult } from "../../src/eval/runner.js";
import { aggregate, scoreQuestion } from "../../src/eval/scoring.js";

function result(refused: boolean): EvalResult {
  const s = scoreQuestion(
    {
      id: "q1",
      question: "补贴<b>最高</b>多少？",
      category: "number",
      facts: ["50万元"],
      gold: { docId: "d.txt", quote: "50万元" },
      answerable: true,
      tags: ["span"],
    },
    {
      retrieved: [],
      answer: refused
        ? { answer: "知识库中未找到相关内容。", refused: true, citations: [] }
        : {
            answer: "据《通知》：补贴50万元。[1]",
            refused: false,
            citations: [
              { n: 1, docId: "d.txt", title: "通知", section: "一", quote: "补贴50万元。", start: 0, end: 7 },
            ],
          },
      latencyMs: 12,
      modes: {
        hybrid: {
          passage: { rank: 1, hit1: true, hit5: true, reciprocalRank: 1 },
          document: { rank: 1, hit1: true, hit5: true, reciprocalRank: 1 },
          answerBearing: { rank: 1, hit1: true, hit5: true, reciprocalRank: 1 },
        },
      },
      goldSpans: [{ docId: "d.txt", quote: "50万元", start: 2, end: 6 }],
    },
  );
  return {
    set: "s.jsonl",
    startedAt: refused ? "t1" : "t0",
    answerer: "extractive",
    embeddingId: "local",
    today: "2025-06-01",
    aggregate: aggregate([s]),
    questions: [s],
  };
}

describe("HTML report", () => {
  const html = renderHtmlReport(result(true), {
    comparison: compareRuns(result(false), result(true)),
    violations: [{ flag: "--min-hit1", metric: "hit1", actual: 0.5, limit: 0.9 }],
    thresholdsGiven: true,
  });

  it("is one self-contained file: no external src/href, no remote URLs at all", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toMatch(/<style>/);
    expect(html).toMatch(/<script>/);
  });

  it("draws charts as inline SVG: metric bars, categories, latency histogram", () => {
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('aria-label="latency histogram"');
    expect(html).toContain("检索模式对比");
  });

  it("escapes question text, shows the per-question table, filters, violations and the baseline comparison", () => {
    expect(html).toContain("补贴&lt;b&gt;最高&lt;/b&gt;多少？");
    expect(html).not.toContain("<b>最高</b>");
    expect(html).toContain('id="failOnly"');
    expect(html).toContain('<tr class="fail"');
    expect(html).toContain("未达门槛 1 项");
    expect(html).toContain("与基线比较");
    expect(html).toMatch(/变差（1）/);
  });

  it("escapes and scales chart parts", () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    expect(barChart([{ label: "<x>", value: 0.5 }])).toContain("&lt;x&gt;");
    expect(barChart([{ label: "x", value: 0.5 }])).toContain("50.0%");
    expect(latencyHistogram([])).toContain("无数据");
  });

  it("shows the mean lexical overlap in the summary and each question's own figure", () => {
    const r = result(false);
    const q = { ...r.questions[0], lexicalOverlap: 0.4 };
    const page = renderHtmlReport({ ...r, aggregate: aggregate([q]), questions: [q] });
    expect(page).toContain("<td>问题与金标原文词语重合率</td><td>40.0%</td>");
    expect(page).toContain("与金标原文词语重合 40.0%");
    expect(renderHtmlReport(r)).not.toContain("词语重合");
  });
});
