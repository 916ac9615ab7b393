import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildAnswerMessages } from "../../src/answer/llm-answerer.js";
import { PromptError, loadPrompts, renderPassages, validatePrompts } from "../../src/answer/prompts.js";
import { PASSAGES } from "./llm-fixtures.js";

describe("answer prompts", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("renders the prompt sent to the model", async () => {
    const prompts = await loadPrompts();
    const messages = buildAnswerMessages(prompts, "公共技术服务平台扶持标准是多少？", PASSAGES);
    const rendered = messages.map((m) => `--- ${m.type}\n${m.content as string}`).join("\n");
    expect(rendered).toMatchSnapshot();
  });

  it("renders passages as [n] 《title》（date，section）", () => {
    const text = renderPassages(PASSAGES);
    expect(text).toContain(
      "[1] 《市工业和信息化局关于对市政协七届一次会议第20210384号提案答复意见的函》（2021年10月22日，三关于…的建议 > （四）加快公共技术服务平台建设）\n我局自2017年",
    );
    expect(text).toContain("[3] 《关于做好企业服务工作的通知》（2022年3月1日）\n");
  });

  it("fills placeholders once, leaving braces inside the question alone", () => {
    const messages = buildAnswerMessages({ system: "s", user: "Q:{question}\nP:{passages}" }, "{passages}?", []);
    expect(messages[1].content).toBe("Q:{passages}?\nP:");
  });

  it("fails clearly on a missing file or placeholder", async () => {
    dir = await mkdtemp(join(tmpdir(), "prompts-"));
    await expect(loadPrompts(dir)).rejects.toThrow(/answer\.system\.md/);
    await writeFile(join(dir, "answer.system.md"), "系统提示");
    await expect(loadPrompts(dir)).rejects.toThrow(/answer\.user\.md/);
    await writeFile(join(dir, "answer.user.md"), "问题：{question}");
    await expect(loadPrompts(dir)).rejects.toThrow(/\{passages\}/);
    await writeFile(join(dir, "answer.user.md"), "{question}{passages}");
    await expect(loadPrompts(dir)).resolves.toEqual({ system: "系统提示", user: "{question}{passages}" });
    expect(() => validatePrompts({ system: "x", user: "{question}{passages}{today}" })).toThrow(PromptError);
    expect(() => validatePrompts({ system: "x {question}", user: "{question}{passages}" })).toThrow(/must not contain/);
  });
});
