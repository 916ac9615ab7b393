import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { acceptRewrite } from "../../src/conversation/llm-rewriter.js";
import { createRewriter } from "../../src/wiring.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

const HISTORY = [
  { question: "公共技术服务平台扶持计划给多少支持？", standalone: "公共技术服务平台扶持计划给多少支持？" },
];
let fake: FakeOpenAIServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const configFor = (url: string) =>
  loadConfig({
    CORPUS_DIR: path.resolve("corpus"),
    DATA_DIR: "/tmp/unused",
    OPENAI_API_KEY: "k",
    OPENAI_BASE_URL: url,
    CHAT_MODEL: "fake-chat",
  });

describe("LLM follow-up rewriter", () => {
  it("is offline without a chat model", async () => {
    const r = await createRewriter(loadConfig({}));
    expect(await r.rewrite("那这个计划现在还能申请吗？", HISTORY)).toBe("公共技术服务平台扶持计划现在还能申请吗？");
  });

  it("asks the chat model with the history and uses its line", async () => {
    fake = await startFakeOpenAI({ reply: () => "改写后的问题：“公共技术服务平台扶持计划目前是否仍可申报？”" });
    const r = await createRewriter(configFor(fake.url));
    expect(await r.rewrite("那这个计划现在还能申请吗？", HISTORY)).toBe("公共技术服务平台扶持计划目前是否仍可申报？");
    const chat = fake.requests.find((q) => q.path === "/v1/chat/completions")!;
    const user = chat.body.messages.at(-1).content as string;
    expect(user).toContain("公共技术服务平台扶持计划给多少支持？");
    expect(user).toContain("那这个计划现在还能申请吗？");
  });

  it("falls back to the offline rewriter when the model fails or changes a number", async () => {
    fake = await startFakeOpenAI({
      reply: () => {
        throw new Error("boom");
      },
    });
    const failing = await createRewriter(configFor(fake.url));
    expect(await failing.rewrite("那这个计划现在还能申请吗？", HISTORY)).toBe(
      "公共技术服务平台扶持计划现在还能申请吗？",
    );
    expect(acceptRewrite("2020年的计划还能申请吗？", "那2021年的呢？")).toBeUndefined();
    expect(acceptRewrite("", "还能申请吗？")).toBeUndefined();
    expect(acceptRewrite("公共技术服务平台扶持计划2021年还能申请吗？\n解释：……", "那2021年呢？")).toBe(
      "公共技术服务平台扶持计划2021年还能申请吗？",
    );
  });
});
