import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";

const QUESTION = "公共技术服务平台扶持计划给多少支持？";

/** An app whose log lines (JSON) are kept, with or without question text. */
async function loggedApp(kb: KnowledgeBase, logQuestions: boolean) {
  const lines: Record<string, unknown>[] = [];
  const into = { write: (t: string) => lines.push(JSON.parse(t)) };
  const server = await listen(createApp({ kb, log: createConsoleLogger({ out: into, err: into }), logQuestions }));
  /** The request line of a response, by the id the response carries. */
  const lineOf = async (res: Response) => {
    await res.arrayBuffer();
    const id = res.headers.get("x-request-id");
    // The line is written when the response closes, which may be just after the client has it all.
    for (let i = 0; i < 50; i++) {
      const line = lines.find((l) => l.msg === "request" && l.reqId === id);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no request line for ${id}`);
  };
  return { lines, server, lineOf };
}

const ask = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("the request log", () => {
  let kb: KnowledgeBase;
  let quiet: Awaited<ReturnType<typeof loggedApp>>;
  let verbose: Awaited<ReturnType<typeof loggedApp>>;
  beforeAll(async () => {
    kb = await openSampleKb();
    quiet = await loggedApp(kb, false);
    verbose = await loggedApp(kb, true);
  });
  afterAll(async () => {
    await quiet.server.close();
    await verbose.server.close();
  });

  it("when a client sends an X-Request-Id, then the response carries it and the request line has id, route, status and latency", async () => {
    const res = await ask(quiet.server.url, { question: QUESTION }, { "X-Request-Id": "proxy-7f3a.1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("proxy-7f3a.1");
    const line = await quiet.lineOf(res);
    expect(line).toMatchObject({
      level: "info",
      reqId: "proxy-7f3a.1",
      method: "POST",
      route: "/api/ask",
      status: 200,
    });
    expect(line.ms).toEqual(expect.any(Number));
    expect(line.ms as number).toBeGreaterThan(0);
  });

  it("when questions are not to be logged (the default), then no line carries the question's text", async () => {
    const res = await ask(quiet.server.url, { question: QUESTION });
    await quiet.lineOf(res);
    expect(JSON.stringify(quiet.lines)).not.toContain("公共技术服务平台");
  });

  it("when LOG_QUESTIONS is on, then the request line carries the question", async () => {
    const line = await verbose.lineOf(await ask(verbose.server.url, { question: QUESTION }));
    expect(line).toMatchObject({ route: "/api/ask", status: 200, question: QUESTION });
  });

  it("when the offered id is not a plain token, then a fresh UUID replaces it", async () => {
    const res = await fetch(`${quiet.server.url}/healthz`, { headers: { "X-Request-Id": 'x" {"level":"error"}' } });
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await quiet.lineOf(res)).toMatchObject({ reqId: id, route: "/healthz", status: 200 });
  });

  it("when a request fails, then its line has the error status and the route pattern, not the ids in its path", async () => {
    const bad = await quiet.lineOf(await ask(quiet.server.url, { question: "" }));
    expect(bad).toMatchObject({ route: "/api/ask", status: 400 });
    const missing = await quiet.lineOf(await fetch(`${quiet.server.url}/api/documents/uploads/none.txt`));
    expect(missing).toMatchObject({ method: "GET", route: "/api/documents/*docId", status: 404 });
    const unknown = await quiet.lineOf(await fetch(`${quiet.server.url}/no/such/page?x=1`));
    expect(unknown).toMatchObject({ route: "/no/such/page", status: 404 });
  });
});
