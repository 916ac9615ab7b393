import { afterEach, describe, expect, it } from "vitest";
import { LlmAnswerer, type StreamMode } from "../../src/answer/llm-answerer.js";
import { postProcess, removalNote, UNVERIFIABLE_REFUSAL } from "../../src/answer/llm-postprocess.js";
import { loadPrompts } from "../../src/answer/prompts.js";
import { loadConfig } from "../../src/config.js";
import { AppError } from "../../src/core/errors.js";
import { withHttpStatus } from "../helpers/errors.js";
import { createChatModel } from "../../src/providers/chat-model.js";
import { startFakeOpenAI, type FakeOpenAIOptions, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { DOC_TEXT, KEY_SENTENCE, PASSAGES, REPLY_TITLE } from "./llm-fixtures.js";

const QUESTION = "公共技术服务平台扶持标准是多少？";
const GOOD =
  "按照不超过申报单位上年度实际投资额的30%给予扶持，年度最高不超过500万元[1]。截至2021年10月22日答复时，该扶持计划已到期[1]。";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: FakeOpenAIOptions, streamMode?: StreamMode, timeoutMs?: number) {
  server = await startFakeOpenAI(options);
  const config = loadConfig({
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: server.url,
    CHAT_MODEL: "fake-chat",
    LLM_TIMEOUT_SECONDS: "5",
  });
  const model = (await createChatModel(config))!;
  return new LlmAnswerer({ model, prompts: await loadPrompts(), streamMode, timeoutMs });
}

describe("LlmAnswerer against an OpenAI-compatible server", () => {
  it("streams verified tokens in order and returns their concatenation, with exact citations", async () => {
    const answerer = await setup({ reply: () => GOOD });
    const tokens: string[] = [];
    const a = await answerer.answer(QUESTION, PASSAGES, { onToken: (t) => tokens.push(t) });

    expect(a.refused).toBe(false);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join("")).toBe(a.answer);
    expect(a.answer).toBe(GOOD);
    expect(a.citations).toHaveLength(1);
    const c = a.citations[0];
    expect(c).toMatchObject({ n: 1, docId: "replies/20210384.docx", title: REPLY_TITLE, date: "2021-10-22" });
    expect(c.section).toBe("三关于…的建议 > （四）加快公共技术服务平台建设");
    expect(c.quote).toContain(KEY_SENTENCE);
    expect(DOC_TEXT[c.docId].slice(c.start, c.end)).toBe(c.quote);

    // The request carried the key, streamed, and sent the passages and the question.
    const req = server!.requests.find((r) => r.path === "/v1/chat/completions")!;
    expect(req.headers.authorization).toBe("Bearer test-key");
    expect(req.body).toMatchObject({ model: "fake-chat", stream: true, temperature: 0 });
    const [system, user] = req.body.messages;
    expect(system.role).toBe("system");
    expect(system.content).toContain("知识库中未找到");
    expect(user.content).toContain(QUESTION);
    expect(user.content).toContain(KEY_SENTENCE);
    expect(user.content).toContain("[2] 《市企业技术中心认定管理办法》（2019年5月10日");
  });

  it("in raw mode forwards the model's tokens as they arrive; the answer is their post-processed concatenation", async () => {
    const raw = "年度最高不超过500万元。[2]认定奖励100万元[2]。";
    const tokens = ["年度最高", "不超过", "500", "万元。", "[", "2", "]", "认定奖励", "100万元", "[2]。"];
    const answerer = await setup({ reply: () => ({ tokens }) }, "raw");
    const seen: string[] = [];
    const a = await answerer.answer(QUESTION, PASSAGES, { onToken: (t) => seen.push(t) });
    expect(seen).toEqual(tokens);
    expect(seen.join("")).toBe(raw);
    expect(a).toEqual(postProcess(seen.join(""), PASSAGES));
    // 500万元 is not in passage 2, so that sentence is removed; the renumbered rest remains.
    expect(a.answer).toBe(`认定奖励100万元[1]。\n${removalNote(1)}`);
  });

  it("never shows a number the cited passage does not contain", async () => {
    const answerer = await setup({
      reply: () => "公共技术服务平台年度最高扶持600万元[1]。截至2021年10月22日答复时，该扶持计划已到期[1]。",
    });
    const tokens: string[] = [];
    const a = await answerer.answer(QUESTION, PASSAGES, { onToken: (t) => tokens.push(t) });
    expect(tokens.join("")).not.toContain("600");
    expect(a.answer).not.toContain("600");
    expect(a.answer).toContain("该扶持计划已到期[1]");
    expect(a.answer).toContain(removalNote(1));
    expect(tokens.join("")).toBe(a.answer);
  });

  it("withholds an answer when nothing in it can be verified", async () => {
    const answerer = await setup({ reply: () => "公共技术服务平台年度最高扶持600万元[1]。" });
    const tokens: string[] = [];
    const a = await answerer.answer(QUESTION, PASSAGES, { onToken: (t) => tokens.push(t) });
    expect(a).toMatchObject({ refused: true, answer: UNVERIFIABLE_REFUSAL, citations: [] });
    expect(a.nearest).toHaveLength(3);
    expect(tokens.join("")).toBe(UNVERIFIABLE_REFUSAL);
  });

  it("turns the model's refusal into a refused answer with the nearest passages", async () => {
    const answerer = await setup({ reply: () => "知识库中未找到关于数字化转型补贴的规定。" });
    const a = await answerer.answer("数字化转型补贴怎么申请？", PASSAGES);
    expect(a.refused).toBe(true);
    expect(a.answer).toBe("知识库中未找到关于数字化转型补贴的规定。");
    expect(a.citations).toEqual([]);
    expect(a.nearest?.map((c) => c.docId)).toEqual(PASSAGES.map((p) => p.chunk.docId));
    for (const c of a.nearest!) expect(DOC_TEXT[c.docId].slice(c.start, c.end)).toBe(c.quote);
  });

  it("drops a marker that names no passage", async () => {
    const answerer = await setup({ reply: () => "对新认定为市级企业技术中心的企业，给予一次性奖励100万元[2][9]。" });
    const a = await answerer.answer(QUESTION, PASSAGES);
    expect(a.answer).toBe("对新认定为市级企业技术中心的企业，给予一次性奖励100万元[1]。");
    expect(a.citations.map((c) => c.docId)).toEqual(["rules/tech-center.pdf"]);
  });

  it("refuses without calling the model when there are no passages", async () => {
    const answerer = await setup({ reply: () => GOOD });
    const a = await answerer.answer(QUESTION, []);
    expect(a).toMatchObject({ refused: true, citations: [], nearest: [] });
    expect(server!.requests).toHaveLength(0);
  });

  it("cancels a slow stream promptly when the signal aborts", async () => {
    const answerer = await setup({ reply: () => GOOD.repeat(10), tokenDelayMs: 30 });
    const controller = new AbortController();
    const tokens: string[] = [];
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    await expect(
      answerer.answer(QUESTION, PASSAGES, { signal: controller.signal, onToken: (t) => tokens.push(t) }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(1500);
    // The server saw the client go away instead of streaming the remaining ~600 tokens.
    await expect.poll(() => server!.abortedStreams).toBe(1);
  });

  it("gives up on a stream that outlasts the timeout", async () => {
    const answerer = await setup({ reply: () => GOOD.repeat(10), tokenDelayMs: 30 }, "verified", 300);
    const started = Date.now();
    const err = await answerer.answer(QUESTION, PASSAGES).catch((e: unknown) => withHttpStatus(e as AppError));
    expect(err).toMatchObject({ code: "llm_timeout", status: 504 });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports an unavailable model as an AppError", async () => {
    const answerer = await setup({
      reply: () => {
        throw new Error("boom");
      },
    });
    const err = await answerer.answer(QUESTION, PASSAGES).catch((e: unknown) => withHttpStatus(e as AppError));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "llm_unavailable", status: 502 });
    // maxRetries 1: the request was tried twice.
    expect(server!.requests).toHaveLength(2);
  });
});
