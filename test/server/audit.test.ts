/**
 * The audit log and feedback through the service, on each state-store backend: questions from the
 * page and the API are recorded with their token's name, administrators export them over HTTP and
 * with `npm run audit`, the old feedback file is imported once, retention prunes.
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { CSV_HEADER } from "../../src/store/audit-export.js";
import { importFeedbackFile, startMaintenance } from "../../src/store/maintenance.js";
import { openStateStore } from "../../src/store/open-store.js";
import type { SqlStateStore } from "../../src/store/sql-store.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import { describeEachBackend, dropSchemas } from "../helpers/state-backends.js";

const run = promisify(execFile);
const API = ["api-token-first", "api-token-second"];
const ADMIN = "admin-token-0123";
const QUESTION = "公共技术服务平台扶持计划给多少支持？";
const OFF_TOPIC = "火星移民的补贴标准是多少？";

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await openSampleKb();
}, 60_000);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(dropSchemas);

describeEachBackend("audit log and feedback in the service", (backend) => {
  async function start(adminTokens = [ADMIN]) {
    const place = await backend.place();
    const store = await openStateStore(place);
    cleanups.push(() => store.close());
    const server = await listen(
      createApp({
        kb,
        log: silentLogger,
        conversations: store.conversations,
        feedback: store.feedback,
        audit: store.audit,
        apiTokens: API,
        adminTokens,
      }),
    );
    cleanups.push(server.close);
    return { place, store, url: server.url };
  }
  const ask = (url: string, question: string, headers: Record<string, string>) =>
    fetch(`${url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ question }),
    });
  const exportAs = (url: string, query: string, token = ADMIN) =>
    fetch(`${url}/admin/audit${query}`, { headers: { authorization: `Bearer ${token}` } });

  it("when the page and an API client ask, then each question is recorded with its channel, token name and outcome, and administrators export it", async () => {
    const { url } = await start();
    expect((await ask(url, QUESTION, { authorization: `Bearer ${API[1]}` })).status).toBe(200);
    const page = { authorization: `Bearer ${API[0]}`, "sec-fetch-site": "same-origin" };
    expect((await ask(url, OFF_TOPIC, page)).status).toBe(200);

    expect((await fetch(`${url}/admin/audit`)).status).toBe(401);
    expect((await exportAs(url, "", API[0])).status).toBe(401);
    expect((await exportAs(url, "?format=xml")).status).toBe(400);

    const jsonl = await exportAs(url, "?format=jsonl");
    expect(jsonl.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const records = (await jsonl.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toMatchObject([
      { channel: "api", user: "token-2", question: QUESTION, refused: false },
      { channel: "page", user: "token-1", question: OFF_TOPIC, refused: true, citations: [] },
    ]);
    expect(records[0].citations.length).toBeGreaterThan(0);
    expect(records[0].answer).toContain("500万元");
    expect(records[0].latencyMs).toBeGreaterThanOrEqual(0);

    const csv = await exportAs(url, "?format=csv&since=2000-01-01");
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte-order mark first, so spreadsheet programs read the file as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines.filter(Boolean)).toHaveLength(3);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await (await exportAs(url, `?format=jsonl&since=${tomorrow}`)).text()).toBe("");
  });

  it("when no administrator token is configured, then the export is refused, not open", async () => {
    const { url } = await start([]);
    const res = await fetch(`${url}/admin/audit`);
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("NOT_CONFIGURED");
  });

  it("when npm run audit exports with --since, then it prints the records from then on", async () => {
    const { place, store } = await start();
    await store.audit.record(entry("2026-01-05T00:00:00Z", "早的问题"));
    await store.audit.record(entry("2026-02-05T00:00:00Z", "晚的问题"));
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/audit-cli.ts", "export", "--format", "jsonl", "--since", "2026-02-01"],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DATA_DIR: place.dataDir,
          DATABASE_URL: place.databaseUrl ?? "",
        },
      },
    );
    expect(
      stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).question),
    ).toEqual(["晚的问题"]);
  });

  it("when feedback is posted, then it is kept in the store", async () => {
    const { store, url } = await start();
    const res = await fetch(`${url}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API[0]}` },
      body: JSON.stringify({ question: QUESTION, answer: "回答", citations: [], rating: "up" }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect((await store.feedback.all()).map((r) => [r.id, r.rating])).toEqual([[id, "up"]]);
  });

  it("when an earlier version's feedback file is present, then it is imported once and set aside", async () => {
    const { place, store } = await start();
    const dir = path.join(place.dataDir, "feedback");
    await mkdir(dir, { recursive: true });
    const old = (id: string) =>
      JSON.stringify({
        id,
        at: "2026-10-01T00:00:00.000Z",
        question: "问",
        answer: "答",
        citations: [],
        rating: "down",
      });
    await writeFile(path.join(dir, "feedback.jsonl"), `${old("f1")}\n${old("f2")}\n{"id":"torn`);
    expect(await importFeedbackFile(store as SqlStateStore, place.dataDir)).toBe(2);
    expect(await readdir(dir)).toEqual(["feedback.jsonl.imported"]);
    expect(await importFeedbackFile(store as SqlStateStore, place.dataDir)).toBe(0);
    expect((await store.feedback.all()).map((r) => r.id)).toEqual(["f1", "f2"]);
  });

  it("when maintenance starts with a retention of 30 days, then older audit records are removed at once", async () => {
    const { store } = await start();
    const now = Date.parse("2026-06-01T00:00:00Z");
    await store.audit.record(entry("2026-04-01T00:00:00Z", "旧"));
    await store.audit.record(entry("2026-05-15T00:00:00Z", "新"));
    const stop = await startMaintenance(store, { auditRetentionDays: 30, log: silentLogger, now: () => now });
    stop();
    expect((await store.audit.page({}, 10)).map((r) => r.question)).toEqual(["新"]);
  });
});

function entry(at: string, question: string) {
  return {
    at: new Date(at),
    channel: "api" as const,
    question,
    answer: "答",
    refused: false,
    citations: [],
    latencyMs: 1,
  };
}
