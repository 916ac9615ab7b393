import { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import { handleText, NOT_READY_TEXT } from "../../src/bots/chat.js";
import { offlineRewriter } from "../../src/conversation/ask-in-conversation.js";
import { ConversationStore } from "../../src/conversation/conversation-store.js";
import { createApp } from "../../src/server/app.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { sampleCorpusCopy, tempDir } from "../helpers/corpus.js";
import { listen } from "../helpers/http.js";
import { openStatus, TODAY } from "../helpers/sample-kb.js";
import { silentLogger } from "../../src/core/logger.js";
import { EMPTY_THESAURUS } from "../../src/retrieve/thesaurus.js";
import { STAGED_WRITE_GRACE_MS } from "../../src/corpus/list-files.js";

const LETTER = "reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt";
const RULE = "policy-rules/示例-深圳市中小企业数字化转型扶持计划操作规程.txt";
const NOT_READY = "知识库正在建立索引，请稍后再试。";

async function sampleKb(corpusDir?: string): Promise<{ kb: KnowledgeBase; corpus: string }> {
  const corpus = corpusDir ?? (await sampleCorpusCopy());
  const kb = new KnowledgeBase({
    corpusDir: corpus,
    dataDir: await tempDir("data"),
    chunkChars: 250,
    tokenizer: createTokenizer(),
    embedding: { kind: "local" },
    answerer: new ExtractiveAnswerer(),
    now: () => TODAY,
  });
  return { kb, corpus };
}

describe("readiness: the knowledge base is the one signal", () => {
  it("is not ready until open() has built the index, and the service and bots say so meanwhile", async () => {
    const { kb } = await sampleKb();
    expect(kb.isReady()).toBe(false);
    expect(kb.status()).toEqual({ ready: false });
    expect(() => kb.documents()).toThrow();

    const server = await listen(createApp({ kb, log: silentLogger }));
    const bot = { kb, conversations: new ConversationStore(), rewriter: offlineRewriter, log: silentLogger };
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: "starting", message: "正在加载或建立索引，请稍候。" });
      const ask = await fetch(`${server.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "公共技术服务平台扶持计划给多少支持？" }),
      });
      expect(ask.status).toBe(503);
      expect(await ask.json()).toEqual({ error: { code: "NOT_READY", message: NOT_READY } });
      for (const url of ["/api/documents", `/api/documents/${encodeURIComponent(LETTER)}`]) {
        const res = await fetch(`${server.url}${url}`);
        expect(res.status, url).toBe(503);
        expect((await res.json()).error.message).toBe(NOT_READY);
      }
      const notice = await handleText(bot, { text: "公共技术服务平台扶持计划给多少支持？", conversationId: "t:1" });
      expect(notice).toEqual({ kind: "notice", text: NOT_READY_TEXT });

      // The initial build: still not ready while it runs, ready once it is done.
      const opening = kb.open();
      expect(kb.isReady()).toBe(false);
      expect((await opening)?.added).toBe(2);
      expect(kb.isReady()).toBe(true);

      const ready = await fetch(`${server.url}/healthz`);
      expect(ready.status).toBe(200);
      const status = kb.status();
      if (!status.ready) throw new Error("not ready");
      expect(await ready.json()).toEqual({
        status: "ok",
        documents: 2,
        chunks: status.chunks,
        embedding: status.embeddingId,
      });
      const answer = await handleText(bot, { text: "公共技术服务平台扶持计划给多少支持？", conversationId: "t:1" });
      expect(answer.kind).toBe("answer");
    } finally {
      await server.close();
    }
  });
});

describe("what the knowledge base tells about the index in use", () => {
  it("status() gives the counts, embedding, chunk size, build time and per-file errors", async () => {
    const { kb, corpus } = await sampleKb();
    await writeFile(path.join(corpus, "表格.xlsx"), "PK\u0003\u0004xx");
    const before = Date.now();
    await kb.open();
    const status = kb.status();
    expect(status).toMatchObject({
      ready: true,
      documents: 2,
      chunkChars: 250,
      embeddingId: expect.stringMatching(/^local/),
    });
    if (!status.ready) throw new Error("not ready");
    expect(status.chunks).toBe(kb.documents().reduce((n, d) => n + d.chunks, 0));
    expect(Date.parse(status.builtAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(status.errors).toEqual([
      { relPath: "表格.xlsx", code: "UNSUPPORTED", message: expect.stringMatching(/[\u4e00-\u9fff]/) },
    ]);
  });

  it("documents() lists every indexed file with its metadata, chunk count and text length", async () => {
    const { kb, corpus } = await sampleKb();
    await kb.open();
    const documents = kb.documents();
    expect(documents.map((d) => d.docId).sort()).toEqual([LETTER, RULE].sort());
    const letter = documents.find((d) => d.docId === LETTER)!;
    expect(Object.keys(letter).slice(0, 4)).toEqual(["docId", "relPath", "title", "kind"]);
    expect(Object.keys(letter).slice(-2)).toEqual(["chunks", "chars"]);
    expect(letter).toMatchObject({ relPath: LETTER, kind: "reply_letter", date: "2021-10-22" });
    expect(letter.title).toContain("20210384");
    expect(letter.chunks).toBeGreaterThan(5);
    expect(letter.chunks).toBe(kb.document(LETTER)!.chunks.length);
    expect(letter.chars).toBe(kb.document(LETTER)!.text.length);
    // The extracted text of a plain-text file is close to the file itself.
    expect(letter.chars).toBeGreaterThan((await readFile(path.join(corpus, LETTER), "utf8")).length * 0.8);
    expect(documents.find((d) => d.docId === RULE)!.kind).toBe("policy_rule");
  });

  it("document(id) gives the text with its sections and chunk spans, and undefined for an unknown id", async () => {
    const { kb } = await sampleKb();
    await kb.open();
    const doc = kb.document(LETTER)!;
    expect(Object.keys(doc)).toEqual(["docId", "meta", "text", "sections", "chunks"]);
    expect(doc.docId).toBe(LETTER);
    expect(doc.meta.kind).toBe("reply_letter");
    const section = doc.sections.find((s) => s.section === "三 > （四）加快公共技术服务平台建设")!;
    expect(doc.text.slice(section.start, section.end)).toContain("公共技术服务平台");
    expect(section.path.map((h) => h.label)).toHaveLength(2);
    expect(doc.chunks.map((c) => c.ordinal)).toEqual(doc.chunks.map((_, i) => i));
    for (const c of doc.chunks) {
      expect(Object.keys(c)).toEqual(["id", "ordinal", "start", "end", "section"]);
      expect(c.id).toBe(`${LETTER}#${c.ordinal}`);
      expect(0 <= c.start && c.start < c.end && c.end <= doc.text.length).toBe(true);
    }
    expect(kb.document("reply-letters/none.txt")).toBeUndefined();
  });

  it("indexedDocument(id) gives the parsed document and its chunks for gold matching", async () => {
    const { kb } = await sampleKb();
    await kb.open();
    const indexed = kb.indexedDocument(LETTER)!;
    expect(indexed.document.text).toBe(kb.document(LETTER)!.text);
    expect(indexed.chunks.map((c) => [c.start, c.end])).toEqual(
      kb.document(LETTER)!.chunks.map((c) => [c.start, c.end]),
    );
    for (const c of indexed.chunks) expect(indexed.document.text.slice(c.start, c.end)).toBe(c.text);
    expect(kb.indexedDocument("none.txt")).toBeUndefined();
  });

  it("knowsFile(relPath) is true for indexed documents and files the index recorded an error for", async () => {
    const { kb, corpus } = await sampleKb();
    await writeFile(path.join(corpus, "空.txt"), "");
    await kb.open();
    expect(kb.knowsFile(LETTER)).toBe(true);
    expect(kb.knowsFile("空.txt")).toBe(true);
    expect(kb.documents().some((d) => d.docId === "空.txt")).toBe(false);
    expect(kb.knowsFile("reply-letters/none.txt")).toBe(false);
  });
});

describe("restarting the service", () => {
  /** A knowledge base over fixed directories, as main.ts builds one at each start. */
  const kbOver = (corpusDir: string, dataDir: string) =>
    new KnowledgeBase({
      corpusDir,
      dataDir,
      chunkChars: 250,
      tokenizer: createTokenizer(),
      embedding: { kind: "local" },
      answerer: new ExtractiveAnswerer(),
      now: () => TODAY,
    });
  const documentIds = async (url: string) =>
    ((await (await fetch(`${url}/api/documents`)).json()).documents as { docId: string }[]).map((d) => d.docId);

  it("rebuilds from scratch when asked to, also when the corpus changed while it was down", async () => {
    const corpus = await sampleCorpusCopy();
    const data = await tempDir("data");
    await kbOver(corpus, data).open();
    await writeFile(
      path.join(corpus, "uploads", "补充.txt"),
      "关于补充材料的通知\n\n各有关单位：\n补充材料已经收到。\n",
    );
    const report = await kbOver(corpus, data).open({ rebuild: true });
    expect(report).toMatchObject({ added: 3, changed: 0, unchanged: 0, removed: 0 });
  });

  it("loads an unchanged index once and reads the thesaurus once when it opens", async () => {
    const corpus = await sampleCorpusCopy();
    const data = await tempDir("data");
    await kbOver(corpus, data).open();
    let thesaurusReads = 0;
    const kb = new KnowledgeBase({
      corpusDir: corpus,
      dataDir: data,
      chunkChars: 250,
      tokenizer: createTokenizer(),
      embedding: { kind: "local" },
      answerer: new ExtractiveAnswerer(),
      loadThesaurus: async () => (thesaurusReads++, EMPTY_THESAURUS),
    });
    expect(await kb.open()).toBeUndefined();
    expect(thesaurusReads).toBe(1);
    // A re-index reads a staff thesaurus afresh, though nothing was published.
    await kb.reindex();
    expect(thesaurusReads).toBe(2);
  });

  it("indexes files added, changed and removed while it was down", async () => {
    const corpus = await sampleCorpusCopy();
    const data = await tempDir("data");
    const first = kbOver(corpus, data);
    await first.open();
    const server1 = await listen(createApp({ kb: first, log: silentLogger, corpusDir: corpus }));
    expect(await documentIds(server1.url)).toEqual([RULE, LETTER].sort());
    await server1.close();

    // While it is down: one file added, one changed, one removed.
    await writeFile(
      path.join(corpus, "uploads", "停机期间.txt"),
      "关于停机期间新增文件的通知\n\n各有关单位：\n停机期间新增的文件应当在重启后可以检索。\n",
    );
    const letter = path.join(corpus, LETTER);
    await writeFile(letter, `${await readFile(letter, "utf8")}\n附：重启后应当检索到的补充说明，编号七七四九。\n`);
    await rm(path.join(corpus, RULE));

    const second = kbOver(corpus, data);
    const report = await second.open();
    expect(report).toMatchObject({ added: 1, changed: 1, removed: 1 });
    const server2 = await listen(createApp({ kb: second, log: silentLogger, corpusDir: corpus }));
    try {
      expect(await documentIds(server2.url)).toEqual([LETTER, "uploads/停机期间.txt"].sort());
      const doc = await (await fetch(`${server2.url}/api/documents/${encodeURIComponent(LETTER)}`)).json();
      expect(doc.text).toContain("七七四九");
    } finally {
      await server2.close();
    }
  });

  it("removes staging left by a killed process (index staging directories, staged corpus writes older than a live upload) when it opens the index", async () => {
    const corpus = await sampleCorpusCopy();
    const data = await tempDir("data");
    await kbOver(corpus, data).open();
    const indexDir = path.join(data, "index");
    // What kill -9 leaves: a half-written generation, a pointer file being written, a staged upload.
    await mkdir(path.join(indexDir, ".staging-gen-1-dead"), { recursive: true });
    await writeFile(path.join(indexDir, ".staging-gen-1-dead", "documents.json"), "[");
    await writeFile(path.join(indexDir, "CURRENT.gen-1-dead.tmp"), "gen-1-dead");
    await writeFile(path.join(corpus, "uploads", ".staging-0123456789ab"), "半个文件");
    await writeFile(path.join(corpus, "reply-letters", ".staging-ba9876543210"), "半个文件");
    const killedAt = new Date(Date.now() - STAGED_WRITE_GRACE_MS - 1000);
    await utimes(path.join(corpus, "uploads", ".staging-0123456789ab"), killedAt, killedAt);
    await utimes(path.join(corpus, "reply-letters", ".staging-ba9876543210"), killedAt, killedAt);
    // Another instance sharing the corpus folder is mid-upload: its staged bytes are seconds old.
    await writeFile(path.join(corpus, "uploads", ".staging-fedcba987654"), "另一实例正在上传");

    const kb = kbOver(corpus, data);
    await kb.open({ removeLeftovers: true });
    expect((await readdir(indexDir)).filter((e) => e.startsWith(".staging-") || e.endsWith(".tmp"))).toEqual([]);
    expect((await readdir(path.join(corpus, "uploads"))).sort()).toEqual([".gitkeep", ".staging-fedcba987654"]);
    expect(await readdir(path.join(corpus, "reply-letters"))).toEqual([path.basename(LETTER)]);
    expect(openStatus(kb).documents).toBe(2);
  });
});
