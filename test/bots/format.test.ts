import { describe, expect, it } from "vitest";
import { commandOf } from "../../src/bots/chat.js";
import { Dedup, MemoryClaims } from "../../src/bots/dedup.js";
import { formatAnswer, measure, safeCut } from "../../src/bots/format-answer.js";
import type { Answer, Citation } from "../../src/core/types.js";

const cite = (
  n: number,
  quote = "按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元。",
): Citation => ({
  n,
  docId: `reply-letters/doc${n}.txt`,
  title: `关于第2021038${n}号提案答复意见的函`,
  date: "2021-10-22",
  section: "三 > （四）加快公共技术服务平台建设",
  quote,
  start: 100 * n,
  end: 100 * n + quote.length,
});
const answer = (text: string, n = 3): Answer => ({
  answer: text,
  refused: false,
  citations: Array.from({ length: n }, (_, i) => cite(i + 1)),
});

describe("formatAnswer", () => {
  it("when everything fits, then the answer, numbered sources with date, section, quote and link are all there", () => {
    const out = formatAnswer(answer("给予30%扶持，最高500万元。[1]"), {
      style: "markdown",
      unit: "bytes",
      limit: 4096,
      publicBaseUrl: "https://zs.example.gov.cn/",
    });
    expect(out).toContain("给予30%扶持，最高500万元。[1]");
    expect(out).toContain(
      "**[1]** 《关于第20210381号提案答复意见的函》 2021-10-22 · 三 > （四）加快公共技术服务平台建设",
    );
    expect(out).toContain("> “按照不超过");
    expect(out).toContain("[查看原文](https://zs.example.gov.cn/?doc=reply-letters%2Fdoc1.txt&start=100&end=");
    expect(out).toContain("**[3]**");
  });

  it("when the limit is tight, then sources are dropped from the end with a note, and the size stays within the limit", () => {
    const a = answer("给予30%扶持，最高500万元。[1]", 8);
    for (const limit of [1200, 700, 400]) {
      const out = formatAnswer(a, { style: "text", unit: "bytes", limit });
      expect(measure(out, "bytes")).toBeLessThanOrEqual(limit);
      expect(out).toContain("最高500万元。[1]");
      expect(out).toContain("[1] 《关于第20210381号提案答复意见的函》");
      expect(out).toMatch(/另有 \d+ 条来源未列出|原文摘录从略/);
    }
  });

  it("when the answer itself is too long, then it is cut after a citation marker, never inside a number, with a note", () => {
    const sentence = "按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元。[1]";
    const a = answer(sentence.repeat(40), 1);
    const out = formatAnswer(a, { style: "text", unit: "chars", limit: 600 });
    expect([...out].length).toBeLessThanOrEqual(600);
    expect(out).toContain("回答过长，已截断");
    const body = out.split("……")[0]!;
    expect(body.endsWith("[1]")).toBe(true);
    expect(body.match(/500万元/g)?.length).toBe(body.match(/30%/g)?.length);
  });

  it("when a quote is excerpted, then the cut never splits a number", () => {
    for (let max = 5; max < 40; max++) {
      const cut = safeCut("年度最高不超过5000000元的30.5%给予扶持，且年度最高不超过500万元", max);
      const next = "年度最高不超过5000000元的30.5%给予扶持，且年度最高不超过500万元".slice(cut.length, cut.length + 1);
      expect(/[0-9.%万元]/.test(cut.at(-1) ?? "") && /[0-9.%万元]/.test(next)).toBe(false);
    }
  });

  it("when the answer is a refusal, then it says so plainly and lists the nearest passages as not an answer", () => {
    const out = formatAnswer(
      { answer: "知识库中未找到与该问题直接相关的内容。", refused: true, citations: [], nearest: [cite(1)] },
      { style: "text", unit: "bytes", limit: 2048 },
    );
    expect(out.startsWith("知识库中未找到")).toBe(true);
    expect(out).toContain("最接近的原文（仅供参考，不是答案）");
  });
});

describe("commands", () => {
  it.each([
    ["新对话", "reset"],
    [" 新对话。", "reset"],
    ["帮助", "help"],
    ["/help", "help"],
    ["新对话是什么政策", undefined],
  ])("when the text is %j, then the command is %s", (text, command) => {
    expect(commandOf(text)).toBe(command);
  });
});

describe("Dedup", () => {
  it("when an id is seen again within the window, then it is pending or done; after the window it is new", async () => {
    let t = 0;
    const d = new Dedup({ ttlMs: 60_000, now: () => t });
    expect(await d.claim("a")).toBe("new");
    expect(await d.claim("a")).toBe("pending");
    await d.complete("a");
    t = 59_000;
    expect(await d.claim("a")).toBe("done");
    t = 121_000;
    expect(await d.claim("a")).toBe("new");
  });

  it("when more ids than the maximum arrive, then the oldest are forgotten", async () => {
    const claims = new MemoryClaims(60_000, 2);
    const d = new Dedup({ claims });
    await d.claim("a");
    await d.claim("b");
    await d.claim("c");
    expect(claims.size).toBe(2);
    expect(await d.claim("a")).toBe("new");
  });
});
