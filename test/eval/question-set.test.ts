import { describe, expect, it } from "vitest";
import { parseQuestionSet, QuestionSetError } from "../../src/eval/question-set.js";

const good = JSON.stringify({
  id: "r-cap",
  question: "上限多少？",
  category: "number",
  facts: [["500万元", "五百万元"]],
  gold: { docId: "reply-letters/a.txt", section: "三 > （四）", quote: "500万元" },
  answerable: true,
});
const refusal = JSON.stringify({
  id: "u-1",
  question: "购车补贴多少？",
  category: "unanswerable",
  facts: [],
  answerable: false,
});

function errorOf(text: string): string {
  try {
    parseQuestionSet(text, "set.jsonl");
  } catch (err) {
    expect(err).toBeInstanceOf(QuestionSetError);
    return (err as Error).message;
  }
  throw new Error("expected the set to be rejected");
}

describe("question set parsing", () => {
  it("parses JSONL, skipping blank and // comment lines", () => {
    const qs = parseQuestionSet(`${good}\n\n// a comment\n${refusal}\n`);
    expect(qs.map((q) => q.id)).toEqual(["r-cap", "u-1"]);
    expect(qs[0].facts).toEqual([["500万元", "五百万元"]]);
  });

  it("rejects a malformed line naming its line number and the field", () => {
    const bad = JSON.stringify({ id: "x", question: "多少？", category: "number", facts: "500万元", answerable: true });
    const message = errorOf(`${good}\n${refusal}\n${bad}\n`);
    expect(message).toMatch(/^set\.jsonl:3: invalid question/);
    expect(message).toContain("facts");
  });

  it("rejects invalid JSON naming the line", () => {
    expect(errorOf(`${good}\n{"id": "y",\n`)).toMatch(/^set\.jsonl:2: invalid JSON/);
  });

  it("rejects an unknown category, unknown keys and wrong filters", () => {
    expect(errorOf(good.replace('"number"', '"guess"'))).toMatch(/^set\.jsonl:1: invalid question[\s\S]*at category/);
    expect(errorOf(good.replace('"answerable"', '"extra":1,"answerable"'))).toMatch(/set\.jsonl:1:[\s\S]*extra/);
    expect(errorOf(refusal.replace('"answerable":false', '"answerable":false,"filters":{"kind":"memo"}'))).toMatch(
      /set\.jsonl:1:[\s\S]*kind/,
    );
  });

  it("rejects inconsistent answerability", () => {
    expect(errorOf(good.replace('"answerable":true', '"answerable":false'))).toMatch(
      /set\.jsonl:1:[\s\S]*(no facts|unanswerable)/,
    );
    expect(errorOf(refusal.replace('"answerable":false', '"answerable":true'))).toMatch(/at least one fact/);
  });

  it("rejects duplicate ids with both line numbers and an empty set", () => {
    expect(errorOf(`${good}\n${good}`)).toMatch(/set\.jsonl:2: duplicate id "r-cap" \(first on line 1\)/);
    expect(errorOf("\n// nothing\n")).toMatch(/no questions/);
  });
});
