import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { createKnowledgeBase, createRewriter } from "../../src/wiring.js";
import { tempDir } from "../helpers/corpus.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { listen } from "../helpers/http.js";

const QUESTION = "公共技术服务平台扶持计划给多少支持？";
const FOLLOW_UP = "那这个计划现在还能申请吗？";
const TIMEOUT_SECONDS = 2;
/** Each call of the model (the rewrite, then the answer) takes this long: each alone is within the timeout, both are not. */
const CALL_MS = 1400;

let fake: FakeOpenAIServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("a follow-up with a chat model", () => {
  it("has one deadline of LLM_TIMEOUT_SECONDS for the rewrite and the answer together", async () => {
    fake = await startFakeOpenAI({
      reply: async (messages) => {
        await new Promise((r) => setTimeout(r, CALL_MS));
        const user = messages.at(-1)!.content;
        if (user.includes(FOLLOW_UP)) return "公共技术服务平台扶持计划现在还能申请吗？";
        return "知识库中未找到与该问题直接相关的内容。";
      },
      tokenDelayMs: 1,
    });
    const config = loadConfig({
      CORPUS_DIR: path.resolve("corpus"),
      DATA_DIR: await tempDir("data"),
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: fake.url,
      CHAT_MODEL: "fake-chat",
      LLM_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    });
    const kb = await createKnowledgeBase(config);
    await kb.open();
    const server = await listen(createApp({ kb, log: silentLogger, rewriter: await createRewriter(config) }));
    try {
      const ask = (question: string) =>
        fetch(`${server.url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question, conversationId: "c1" }),
        });
      expect((await ask(QUESTION)).status).toBe(200);

      const started = performance.now();
      const res = await ask(FOLLOW_UP);
      const elapsed = performance.now() - started;
      expect(res.status).toBe(504);
      expect((await res.json()).error).toEqual({ code: "llm_timeout", message: "大模型服务响应超时，请稍后再试。" });
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000 - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_SECONDS * 1000 + 600);
      // The rewrite was asked, then the answer; the answer's stream was abandoned at the deadline.
      expect(fake.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(3);
    } finally {
      await server.close();
    }
  }, 30_000);
});
