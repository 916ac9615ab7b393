import { HumanMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createChatModel, isReasoningModelName } from "../../src/providers/chat-model.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createChatModel", () => {
  it("is undefined unless a key and a model name are configured", () => {
    expect(createChatModel(loadConfig({}))).toBeUndefined();
    expect(createChatModel(loadConfig({ OPENAI_API_KEY: "k" }))).toBeUndefined();
  });

  it("configures model, temperature, timeout and retries", () => {
    const model = createChatModel(
      loadConfig({ OPENAI_API_KEY: "k", CHAT_MODEL: "qwen-plus", LLM_TIMEOUT_SECONDS: "12" }),
    )!;
    expect(model.model).toBe("qwen-plus");
    expect(model.temperature).toBe(0);
    expect(model.timeout).toBe(12_000);
    expect(model.streamUsage).toBe(false);
    expect(isReasoningModelName("o3-mini")).toBe(true);
    expect(isReasoningModelName("gpt-5-chat-latest")).toBe(false);
  });

  it("talks to the configured base URL with the key (non-streaming call)", async () => {
    server = await startFakeOpenAI({ reply: (messages) => `收到：${messages.at(-1)?.content}` });
    const model = createChatModel(
      loadConfig({ OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.url, CHAT_MODEL: "fake-chat" }),
    )!;
    const res = await model.invoke([new HumanMessage("你好")]);
    expect(res.content).toBe("收到：你好");
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(server.requests[0].headers.authorization).toBe("Bearer test-key");
  });

  it("serves the model list", async () => {
    server = await startFakeOpenAI();
    const res = await fetch(`${server.url}/models`, { headers: { authorization: "Bearer k" } });
    expect((await res.json()).data.map((m: { id: string }) => m.id)).toContain("fake-chat");
  });
});
