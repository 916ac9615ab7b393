/** The LLM judge and token counting against the fake OpenAI server; --url runs against a tiny HTTP service. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import {
  createJudge,
  loadJudgePrompts,
  parseJudgeReply,
  renderJudgePrompt,
  TokenCounter,
} from "../../src/eval/judge.js";
import { runRemoteEval } from "../../src/eval/runner.js";
import { createChatModel } from "../../src/providers/chat-model.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

const answer = {
  answer: "据《通知》：补贴最高50万元。[1]",
  refused: false,
  citations: [{ n: 1, docId: "d1.txt", title: "通知", section: "", quote: "补贴最高50万元。", start: 10, end: 19 }],
};

describe("judge reply parsing", () => {
  it("takes the first JSON object with integer scores 1–5", () => {
    expect(parseJudgeReply('好的：{"faithfulness": 5, "relevance": 4, "comment": "有据"}')).toEqual({
      faithfulness: 5,
      relevance: 4,
      comment: "有据",
    });
    expect(parseJudgeReply('{"faithfulness": 6, "relevance": 4}')).toBeNull();
    expect(parseJudgeReply("无法评分")).toBeNull();
  });

  it("fills the prompt with question, answer and cited evidence", async () => {
    const text = renderJudgePrompt(await loadJudgePrompts(), "补贴多少？", answer);
    expect(text).toContain("补贴多少？");
    expect(text).toContain("[1] 《通知》：补贴最高50万元。");
  });
});

describe("judge against an OpenAI-protocol endpoint", () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAI({ reply: () => '{"faithfulness": 4, "relevance": 5, "comment": "ok"}' });
  });
  afterAll(() => server?.close());

  it("scores an answer and counts the tokens the endpoint reports", async () => {
    const tokens = new TokenCounter();
    const model = (await createChatModel(
      loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: server.url, CHAT_MODEL: "fake-chat" }),
      { callbacks: [tokens.handler] },
    ))!;
    expect(tokens.take()).toBeNull();
    const judge = createJudge(model, await loadJudgePrompts());
    expect(await judge("补贴多少？", answer)).toEqual({ faithfulness: 4, relevance: 5, comment: "ok" });
    expect(tokens.take()).toBeGreaterThan(0);
    expect(tokens.take()).toBe(0);
    expect(server.requests.at(-1)!.body.messages[1].content).toContain("补贴多少？");
  });
});

describe("--url: a running service", () => {
  let url: string;
  const close: Array<() => void> = [];
  const bodies: unknown[] = [];
  beforeAll(async () => {
    const srv = createServer((req, res) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => {
        bodies.push(JSON.parse(data));
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ...answer, standaloneQuestion: "x" }));
      });
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    close.push(() => srv.close());
  });
  afterAll(() => close.forEach((c) => c()));

  it("POSTs each question to /api/ask and scores retrieval from the citations only", async () => {
    const text = "关于补贴的通知。补贴最高50万元。";
    const r = await runRemoteEval(
      [
        {
          id: "q1",
          question: "补贴多少？",
          category: "number",
          facts: ["50万元"],
          gold: { docId: "d1.txt", quote: "最高50万元", start: 10 },
          answerable: true,
          tags: ["span"],
        },
      ],
      { url, set: "remote", today: new Date("2025-06-01"), textOf: (id) => (id === "d1.txt" ? text : undefined) },
    );
    expect(bodies).toEqual([{ question: "补贴多少？" }]);
    expect(r.target).toBe(url);
    expect(r.modes).toEqual(["citations"]);
    const q = r.questions[0];
    expect(q.factsOk).toBe(true);
    expect(q.modes!.citations.document.rank).toBe(1);
    expect(q.modes!.citations.passage.rank).toBe(1);
    expect(q.span!.contained).toBe(true);
  });

  it("measures lexical overlap remotely too: the quote for a set, the span's sentence for a benchmark", async () => {
    const text = "关于补贴的通知。补贴最高50万元。";
    const base = { category: "number" as const, facts: ["50万元"], answerable: true };
    const r = await runRemoteEval(
      [
        { ...base, id: "set", question: "通知补贴多少？", gold: { docId: "d1.txt", quote: "最高50万元" } },
        {
          ...base,
          id: "bench",
          question: "通知补贴多少？",
          gold: { docId: "d1.txt", quote: "最高50万元", start: 10 },
          tags: ["span"],
        },
      ],
      { url, set: "remote", today: new Date("2025-06-01"), textOf: (id) => (id === "d1.txt" ? text : undefined) },
    );
    // 通知 / 补贴: the quote holds neither, its sentence 补贴最高50万元。 holds 补贴.
    expect(r.questions.map((q) => q.lexicalOverlap)).toEqual([0, 0.5]);
    expect(r.aggregate.overall.meanLexicalOverlap).toBe(0.25);
  });
});
