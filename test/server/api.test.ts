import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AnswerSchema } from "../../src/core/schemas.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import { silentLogger } from "../../src/core/logger.js";

let kb: KnowledgeBase;
let server: Awaited<ReturnType<typeof listen>>;
let ready = true;

beforeAll(async () => {
  kb = await openSampleKb();
  // The knowledge base is the one readiness signal; here it is switched off and on.
  vi.spyOn(kb, "isReady").mockImplementation(() => ready);
  server = await listen(createApp({ kb, log: silentLogger }));
});
afterAll(() => server.close());

const post = (path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${server.url}${path}`, { method: "POST", body, headers });

describe("HTTP API", () => {
  it("when the index is open, then /healthz answers 200, and 503 while it is not", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    ready = false;
    const starting = await fetch(`${server.url}/healthz`);
    ready = true;
    expect(starting.status).toBe(503);
  });

  it("when asked the sample question, then it returns the same JSON shape as ask --json", async () => {
    const res = await post("/api/ask", JSON.stringify({ question: "公共技术服务平台扶持计划给多少支持？" }));
    expect(res.status).toBe(200);
    const body = AnswerSchema.parse(await res.json());
    expect(body.refused).toBe(false);
    expect(body.answer).toContain("500万元");
    expect(body.citations[0]).toMatchObject({
      n: 1,
      date: "2021-10-22",
      section: "三 > （四）加快公共技术服务平台建设",
    });
  });

  it("when filters are given, then they apply", async () => {
    const res = await post(
      "/api/ask",
      JSON.stringify({ question: "公共技术服务平台扶持计划给多少支持？", filters: { kind: "policy_rule" } }),
    );
    const body = AnswerSchema.parse(await res.json());
    expect(body.citations.every((c) => c.docId.startsWith("policy-rules/"))).toBe(true);
  });

  it.each([
    ["malformed JSON", "{bad", 400, "BAD_JSON"],
    ["an empty question", JSON.stringify({ question: "  " }), 400, "BAD_REQUEST"],
    ["a missing question", JSON.stringify({}), 400, "BAD_REQUEST"],
    ["a question that is not a string", JSON.stringify({ question: 42 }), 400, "BAD_REQUEST"],
    ["an over-long question", JSON.stringify({ question: "问".repeat(501) }), 400, "BAD_REQUEST"],
    ["an unknown document kind", JSON.stringify({ question: "扶持", filters: { kind: "memo" } }), 400, "BAD_REQUEST"],
    ["a year given as text", JSON.stringify({ question: "扶持", filters: { year: "2021" } }), 400, "BAD_REQUEST"],
    ["an unknown field", JSON.stringify({ question: "扶持", debug: true }), 400, "BAD_REQUEST"],
    ["a body over the size limit", JSON.stringify({ question: "问".repeat(20000) }), 413, "TOO_LARGE"],
  ])("when the body has %s, then it answers %i with a Chinese message", async (_name, body, status, code) => {
    const res = await post("/api/ask", body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts/);
  });

  it("when the route does not exist, then 404 with a JSON error", async () => {
    const res = await fetch(`${server.url}/api/nothing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("when a path parameter is not valid percent-encoding, then 400 with a JSON error, not a 500", async () => {
    const res = await fetch(`${server.url}/api/documents/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("when the index is not ready, then asking answers 503", async () => {
    ready = false;
    const res = await post("/api/ask", JSON.stringify({ question: "扶持" }));
    ready = true;
    expect(res.status).toBe(503);
  });
});
