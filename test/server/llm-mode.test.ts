import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { AnswerSchema } from "../../src/core/schemas.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { createKnowledgeBase } from "../../src/wiring.js";
import { tempDir } from "../helpers/corpus.js";
import { startFakeOpenAI, type ChatMessage, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { listen } from "../helpers/http.js";
import { openStatus } from "../helpers/sample-kb.js";
import { silentLogger } from "../../src/core/logger.js";

/** The scripted model: it cites whichever numbered passage holds the figures, as a real one would. */
function scriptedModel(messages: ChatMessage[]): string {
  const user = messages.at(-1)!.content;
  // A question the passages do not answer: the model says so, citing what it looked at.
  if (user.includes("新能源汽车")) return "知识库中未找到新能源汽车购车补贴的标准[1]。";
  const n = /\[(\d+)\][^[]*500万元/.exec(user)?.[1];
  if (!n) return "知识库中未找到与该问题直接相关的内容。";
  return `公共技术服务平台扶持计划按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元[${n}]。截至2021年10月22日答复时，该扶持计划已到期[${n}]。`;
}

let fake: FakeOpenAIServer;
let kb: KnowledgeBase;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: scriptedModel, dimensions: 64 });
  const config = loadConfig({
    CORPUS_DIR: path.resolve("corpus"),
    DATA_DIR: await tempDir("data"),
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: fake.url,
    CHAT_MODEL: "fake-chat",
    EMBEDDING_MODEL: "fake-embed",
  });
  kb = await createKnowledgeBase(config);
  await kb.open();
  server = await listen(createApp({ kb, log: silentLogger }));
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

describe("with a chat model and an embedding model configured", () => {
  it("builds the vectors through the endpoint and records which embedding built them", () => {
    expect(openStatus(kb).embeddingId).toBe(`openai:fake-embed@${fake.url}`);
    expect(fake.requests.some((r) => r.path === "/v1/embeddings" && r.body.model === "fake-embed")).toBe(true);
  });

  it("answers through /api/ask from the retrieved passages, with exact citations", async () => {
    const res = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "公共技术服务平台扶持计划给多少支持？" }),
    });
    const body = AnswerSchema.parse(await res.json());
    expect(body.refused).toBe(false);
    expect(body.answer).toContain("500万元");
    expect(body.citations[0].section).toBe("三 > （四）加快公共技术服务平台建设");
    const doc = kb.document(body.citations[0].docId)!;
    expect(doc.text.slice(body.citations[0].start, body.citations[0].end)).toBe(body.citations[0].quote);
    const chat = fake.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)!;
    expect(chat.body.stream).toBe(true);
  });

  it("refuses without asking the model when the evidence is under the chat model's bar", async () => {
    const before = fake.requests.filter((r) => r.path === "/v1/chat/completions").length;
    // Best passage coverage about 0.25, under the LLM bar of 0.3.
    const a = await kb.ask("惠州对从深圳转移过去的企业给多少补贴？");
    expect(a.refused).toBe(true);
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions").length).toBe(before);
  });

  it("asks the model on evidence the offline answerer would refuse, and its 'not found' is a refusal", async () => {
    const before = fake.requests.filter((r) => r.path === "/v1/chat/completions").length;
    // Best passage coverage about 0.32: over the LLM bar, under the offline one (0.5).
    const a = await kb.ask("深圳市新能源汽车购车补贴标准是多少？");
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions").length).toBe(before + 1);
    expect(a).toMatchObject({ refused: true, answer: "知识库中未找到新能源汽车购车补贴的标准。", citations: [] });
    expect(a.nearest?.length).toBeGreaterThan(0);
  });
});
