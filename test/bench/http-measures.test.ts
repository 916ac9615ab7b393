import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  askDuringReindex,
  askSequentially,
  measureLoad,
  settle,
  type AskClient,
} from "../../src/bench/http-measures.js";

/** A stand-in service: answers in about 2 ms; POST /reindex blocks its event loop for 600 ms, as an in-process re-index does. */
let server: Server;
let client: AskClient;
/** Asks still to answer slowly, as a service does while it works off a load test's queue. */
let slowAsks = 0;

function busy(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      if (req.url === "/reindex") {
        busy(600);
        return res.end("{}");
      }
      const { question } = JSON.parse(body) as { question: string };
      if (slowAsks > 0) {
        slowAsks--;
        return void setTimeout(() => res.end(JSON.stringify({ passages: [] })), 200);
      }
      if (question === "坏问题") return res.writeHead(500).end();
      busy(2);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ passages: [{ docId: "a.txt", text: `关于${question}的答复：最高500万元扶持。` }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = {
    baseUrl,
    loadRequest: (question) => ({
      method: "POST",
      path: "/ask",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question }),
    }),
    async ask(question) {
      const res = await fetch(`${baseUrl}/ask`, { method: "POST", body: JSON.stringify({ question }) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return ((await res.json()) as { passages: Array<{ docId: string; text: string }> }).passages;
    },
  };
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const q = (question: string, answer: string) => ({ id: question, question, answer, docId: "a.txt" });

describe("measures over HTTP", () => {
  it("asks every question once and counts answers found and failures", async () => {
    const m = await askSequentially(
      client,
      [q("平台", "最高500万元扶持"), q("人才", "五折"), q("坏问题", "x")],
      10_000,
    );
    expect(m).toMatchObject({ n: 3, failed: 1, top8: 1 / 3, failures: ["HTTP 500"] });
    expect(m.p50).toBeGreaterThan(1);
  });

  it("when the deadline passes, then the questions asked so far are the measure", async () => {
    const m = await askSequentially(client, [q("平台", "500万元"), q("人才", "五折")], 0);
    expect(m.n).toBe(1);
    expect(m.top8).toBe(1);
  });

  it("when a re-index blocks the service, then asks during it show the wait and the idle p95 does not", async () => {
    const m = await askDuringReindex(
      client,
      [q("平台", "500万元")],
      async () => {
        await fetch(`${client.baseUrl}/reindex`, { method: "POST" });
      },
      { idleMs: 200, timeoutMs: 10_000 },
    );
    expect(m.failed).toBe(0);
    expect(m.n).toBeGreaterThanOrEqual(1);
    expect(m.reindexSeconds).toBeGreaterThan(0.55);
    expect(m.max).toBeGreaterThan(500);
    expect(m.idleP95).toBeLessThan(m.max);
  });

  it("when the service is busy with queued work, then settle waits until an ask is quick again", async () => {
    slowAsks = 3;
    const seconds = await settle(client, "平台", 100, 10_000);
    expect(slowAsks).toBe(0);
    expect(seconds).toBeGreaterThan(0.6);
    expect(seconds).toBeLessThan(5);
  });

  it("measures requests per second at N clients", async () => {
    const m = await measureLoad(client, [q("平台", "x"), q("人才", "y")], 4, 1);
    expect(m.connections).toBe(4);
    expect(m.requestsPerSecond).toBeGreaterThan(20);
    expect(m.failed).toBe(0);
  });
});
