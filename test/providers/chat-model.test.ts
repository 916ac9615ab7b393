import { HumanMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { chatModelFields, createChatModel, isReasoningModelName } from "../../src/providers/chat-model.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createChatModel", () => {
  it("is undefined unless a key and a model name are configured", async () => {
    expect(await createChatModel(loadConfig({}))).toBeUndefined();
    expect(await createChatModel(loadConfig({ OPENAI_API_KEY: "k" }))).toBeUndefined();
  });

  it("configures temperature, timeout, retries and stream usage", () => {
    const config = loadConfig({ OPENAI_API_KEY: "k", CHAT_MODEL: "qwen-plus", LLM_TIMEOUT_SECONDS: "12" });
    expect(chatModelFields(config)).toMatchObject({
      temperature: 0,
      timeout: 12_000,
      maxRetries: 1,
      streamUsage: false,
    });
    expect(chatModelFields(config, { streamUsage: true }).streamUsage).toBe(true);
    expect(chatModelFields(loadConfig({ OPENAI_API_KEY: "k", CHAT_MODEL: "o3-mini" }))).not.toHaveProperty(
      "temperature",
    );
    expect(isReasoningModelName("o3-mini")).toBe(true);
    expect(isReasoningModelName("gpt-5-chat-latest")).toBe(false);
  });

  it("refuses a provider langchain does not know, or whose package is not installed, at start-up", async () => {
    const base = { OPENAI_API_KEY: "k", CHAT_MODEL: "m" };
    await expect(createChatModel(loadConfig({ ...base, CHAT_PROVIDER: "no-such-provider" }))).rejects.toThrow(
      /CHAT_PROVIDER=no-such-provider/,
    );
    await expect(createChatModel(loadConfig({ ...base, CHAT_PROVIDER: "anthropic" }))).rejects.toThrow(
      /@langchain\/anthropic/,
    );
  });

  it("talks to the configured base URL with the key, through langchain's factory", async () => {
    server = await startFakeOpenAI({ reply: (messages) => `收到：${messages.at(-1)?.content}` });
    const model = (await createChatModel(
      loadConfig({ OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.url, CHAT_MODEL: "fake-chat" }),
    ))!;
    const res = await model.invoke([new HumanMessage("你好")]);
    expect(res.content).toBe("收到：你好");
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(server.requests[0].headers.authorization).toBe("Bearer test-key");
    expect(server.requests[0].body).toMatchObject({ model: "fake-chat", temperature: 0 });
  });

  it("serves the model list", async () => {
    server = await startFakeOpenAI();
    const res = await fetch(`${server.url}/models`, { headers: { authorization: "Bearer k" } });
    expect((await res.json()).data.map((m: { id: string }) => m.id)).toContain("fake-chat");
  });
});
