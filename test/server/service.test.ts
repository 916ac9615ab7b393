import path from "node:path";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerSchema } from "../../src/core/schemas.js";
import { FeedbackStore } from "../../src/feedback/feedback-store.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { tempDir } from "../helpers/corpus.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import { readSse } from "../helpers/sse.js";
import { silentLogger } from "../../src/core/logger.js";

const QUESTION = "公共技术服务平台扶持计划给多少支持？";
const FOLLOW_UP = "那这个计划现在还能申请吗？";
const SECTION = "三 > （四）加快公共技术服务平台建设";

let kb: KnowledgeBase;
let dataDir: string;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  kb = await openSampleKb();
  // tempDir's cleanup runs after each test; this one must outlive them.
  dataDir = await mkdtemp(path.join(os.tmpdir(), "gxj-feedback-"));
  server = await listen(createApp({ kb, log: silentLogger, feedback: new FeedbackStore(dataDir) }));
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const ask = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("POST /api/ask", () => {
  it("streams sources, then tokens, then a final event equal to the JSON answer", async () => {
    const json = await (await ask({ question: QUESTION })).json();
    const res = await ask({ question: QUESTION }, { accept: "text/event-stream" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("sources");
    expect(names.at(-1)).toBe("final");
    expect(names.slice(1, -1).every((n) => n === "token")).toBe(true);
    expect(names.filter((n) => n === "token").length).toBeGreaterThan(0);
    const sources = events[0].data;
    expect(sources[0]).toMatchObject({
      n: 1,
      docId: expect.any(String),
      title: expect.any(String),
      quote: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
    });
    const final = events.at(-1)!.data;
    expect(final).toEqual(json);
    expect(final.standaloneQuestion).toBe(QUESTION);
    AnswerSchema.parse(final);
    expect(final.answer).toContain("500万元");
    // What was streamed is the answer.
    const streamed = events
      .filter((e) => e.event === "token")
      .map((e) => e.data.text)
      .join("");
    expect(streamed.trim()).toBe(final.answer.trim());
  });

  it("understands a follow-up in a conversation", async () => {
    const conversationId = `t-${Date.now()}`;
    const first = await (await ask({ question: QUESTION, conversationId })).json();
    expect(first.conversationId).toBe(conversationId);
    const res = await ask({ question: FOLLOW_UP, conversationId }, { accept: "text/event-stream" });
    const final = (await readSse(res)).at(-1)!;
    expect(final.event).toBe("final");
    expect(final.data.standaloneQuestion).toBe("公共技术服务平台扶持计划现在还能申请吗？");
    expect(final.data.refused).toBe(false);
    expect(final.data.answer).toContain("已到期");
    expect(final.data.citations.some((c: { section: string }) => c.section === SECTION)).toBe(true);
    // Without the conversation the same words are not understood as that scheme.
    const alone = await (await ask({ question: FOLLOW_UP })).json();
    expect(alone.standaloneQuestion).toBe(FOLLOW_UP);
  });

  it("answers a streamed request with invalid input by a JSON 400, not a stream", async () => {
    const res = await ask({ question: "" }, { accept: "text/event-stream" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/问题不能为空/);
  });

  it.each([
    ["a conversationId that is too long", { question: "扶持", conversationId: "x".repeat(101) }],
    ["a conversationId with odd characters", { question: "扶持", conversationId: "../a b" }],
    ["a conversationId in a bot's namespace", { question: "扶持", conversationId: "wecom:user1" }],
    ["a conversationId that is not a string", { question: "扶持", conversationId: 5 }],
    ["an unknown field next to conversationId", { question: "扶持", conversationId: "a", extra: 1 }],
  ])("rejects %s with 400", async (_n, body) => {
    const res = await ask(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("aborts the work when a streaming client disconnects", async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ question: QUESTION }),
      signal: controller.signal,
    });
    controller.abort();
    await expect(res.text()).rejects.toThrow();
    // The server keeps serving.
    expect((await ask({ question: QUESTION })).status).toBe(200);
  });

  it("does not log a JSON client's disconnect as a server error", async () => {
    let aborted!: () => void;
    const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
    // An answerer that waits until the request is cancelled, then fails as an aborted model call does.
    const slowKb = {
      isReady: () => true,
      ask: (_q: string, o: { signal?: AbortSignal }) =>
        new Promise((_resolve, reject) =>
          o.signal?.addEventListener("abort", () => (aborted(), reject(new Error("aborted")))),
        ),
    } as unknown as KnowledgeBase;
    const logged: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      void logged.push({ level, message, fields });
    const slow = await listen(
      createApp({ kb: slowKb, log: { info: at("info"), warn: at("warn"), error: at("error") } }),
    );
    try {
      const controller = new AbortController();
      const pending = fetch(`${slow.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: QUESTION }),
        signal: controller.signal,
      });
      await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      await expect(pending).rejects.toThrow();
      await abortSeen;
      await new Promise((r) => setTimeout(r, 50));
      // Only its request line, marked aborted: no error.
      expect(logged).toEqual([
        { level: "info", message: "request", fields: expect.objectContaining({ route: "/api/ask", aborted: true }) },
      ]);
    } finally {
      await slow.close();
    }
  });
});

describe("POST /api/feedback", () => {
  const good = {
    question: QUESTION,
    answer: "按照不超过30%给予扶持，且年度最高不超过500万元[1]。",
    citations: [],
    rating: "down",
    comment: "需要更多细节",
  };

  it("stores feedback durably and answers 201", async () => {
    const { citations } = await (await ask({ question: QUESTION })).json();
    const res = await fetch(`${server.url}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...good, citations }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const lines = (await readFile(path.join(dataDir, "feedback", "feedback.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const stored = lines.find((l) => l.id === id);
    expect(stored).toMatchObject({ question: QUESTION, rating: "down", comment: "需要更多细节" });
    expect(stored.citations).toEqual(citations);
    expect(Date.parse(stored.at)).not.toBeNaN();
  });

  it.each([
    ["a missing rating", { ...good, rating: undefined }],
    ["an unknown rating", { ...good, rating: "meh" }],
    ["a missing question", { ...good, question: undefined }],
    ["citations that are not citations", { ...good, citations: [{ n: "one" }] }],
    ["an unknown field", { ...good, extra: true }],
  ])("rejects %s with 400", async (_n, body) => {
    const res = await fetch(`${server.url}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("rejects malformed JSON with 400", async () => {
    const res = await fetch(`${server.url}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(res.status).toBe(400);
  });
});

describe("security headers and the page", () => {
  it("serves the page with a same-origin-only content security policy", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe("access control", () => {
  it("requires a bearer token on every /api route when tokens are configured, not on /healthz or the page", async () => {
    const token = "s3cret-token-1";
    const s = await listen(
      createApp({
        kb,
        log: silentLogger,
        apiTokens: ["other-token-0", token],
        feedback: new FeedbackStore(await tempDir("fb")),
      }),
    );
    try {
      const body = JSON.stringify({ question: QUESTION });
      const h = { "content-type": "application/json" };
      for (const [method, p] of [
        ["POST", "/api/ask"],
        ["GET", "/api/documents"],
        ["POST", "/api/feedback"],
        ["DELETE", "/api/documents/x.txt"],
        ["GET", "/api/nothing"],
      ]) {
        const res = await fetch(`${s.url}${p}`, { method, headers: h, body: method === "POST" ? body : undefined });
        expect(res.status, `${method} ${p}`).toBe(401);
        expect((await res.json()).error.message).toMatch(/令牌/);
      }
      const wrong = await fetch(`${s.url}/api/ask`, {
        method: "POST",
        headers: { ...h, authorization: "Bearer nope-nope-nope" },
        body,
      });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${s.url}/api/ask`, {
        method: "POST",
        headers: { ...h, authorization: `Bearer ${token}` },
        body,
      });
      expect(ok.status).toBe(200);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${s.url}/`)).status).toBe(200);
      expect((await fetch(`${s.url}/app.js`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("needs no token when none are configured", async () => {
    expect((await fetch(`${server.url}/api/documents`)).status).toBe(200);
  });
});

describe("rate limit", () => {
  it("answers 429 with a Chinese message once a client exceeds its requests per minute", async () => {
    const s = await listen(createApp({ kb, log: silentLogger, rateLimitPerMinute: 3 }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${s.url}/api/documents`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const res = await fetch(`${s.url}/api/documents`);
      expect((await res.json()).error).toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/频繁/) });
      // The page and health check are not limited.
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
