import { readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { safeUploadName } from "../../src/corpus/paths.js";
import { listen } from "../helpers/http.js";
import { lastingSampleKb } from "./lasting-kb.js";
import { silentLogger } from "../../src/core/logger.js";

const LETTER = "reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt";
const RULE_PREFIX = "policy-rules/";

const UPLOADED = `关于开展2024年度机器人产业链补链强链专项资助的通知

各有关单位：
为加快机器人产业发展，现就有关事项通知如下。
一、资助对象
在本市注册的机器人整机及核心零部件企业。
二、资助标准
对符合条件的机器人核心零部件研发项目，按照不超过项目总投资的25%给予资助，单个项目最高不超过800万元。
三、申报时间
2024年6月1日至2024年6月30日。

市工业和信息化局
2024年5月10日
`;

interface Ctx {
  kb: KnowledgeBase;
  corpus: string;
  server: Awaited<ReturnType<typeof listen>>;
  stop: () => Promise<void>;
}

async function start(): Promise<Ctx> {
  const { kb, corpus, dispose } = await lastingSampleKb();
  const server = await listen(createApp({ kb, log: silentLogger, corpusDir: corpus, maxUploadBytes: 64 * 1024 }));
  return { kb, corpus, server, stop: async () => (await server.close(), await dispose()) };
}

const upload = (ctx: Ctx, name: string, content: string | Buffer, field = "file") => {
  const form = new FormData();
  form.append(field, new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
  return fetch(`${ctx.server.url}/api/documents`, { method: "POST", body: form });
};
const ask = async (ctx: Ctx, question: string) =>
  (
    await fetch(`${ctx.server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question }),
    })
  ).json();

describe("documents API", () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await start();
  });
  afterAll(() => ctx.stop());

  it("lists documents with metadata, chunk counts and the index status", async () => {
    const res = await fetch(`${ctx.server.url}/api/documents`);
    expect(res.status).toBe(200);
    const body = await res.json();
    const letter = body.documents.find((d: { docId: string }) => d.docId === LETTER);
    expect(letter).toMatchObject({
      relPath: LETTER,
      kind: "reply_letter",
      date: "2021-10-22",
      chunks: expect.any(Number),
    });
    expect(letter.chunks).toBeGreaterThan(5);
    expect(letter.title).toContain("20210384");
    expect(
      body.documents.some(
        (d: { docId: string; kind: string }) => d.docId.startsWith(RULE_PREFIX) && d.kind === "policy_rule",
      ),
    ).toBe(true);
    expect(body.status).toMatchObject({ building: false, builtAt: expect.any(String), errors: [] });
  });

  it("returns one document in full with its sections and chunk spans, by path or encoded id", async () => {
    for (const url of [
      `/api/documents/${LETTER.split("/").map(encodeURIComponent).join("/")}`,
      `/api/documents/${encodeURIComponent(LETTER)}`,
    ]) {
      const res = await fetch(`${ctx.server.url}${url}`);
      expect(res.status, url).toBe(200);
      const doc = await res.json();
      expect(doc.docId).toBe(LETTER);
      expect(doc.text).toContain("500万元");
      const section = doc.sections.find(
        (s: { section: string }) => s.section === "三 > （四）加快公共技术服务平台建设",
      );
      expect(section).toBeDefined();
      expect(doc.text.slice(section.start, section.end)).toContain("公共技术服务平台");
      expect(doc.chunks.length).toBeGreaterThan(5);
      for (const c of doc.chunks) expect(c.end).toBeGreaterThan(c.start);
    }
  });

  it.each([
    ["an unknown document", "/api/documents/reply-letters/none.txt", 404],
    ["a path with ..", "/api/documents/reply-letters%2F..%2F..%2Fpackage.json", 400],
  ])("answers %s with %s", async (_n, url, status) => {
    const res = await fetch(`${ctx.server.url}${url}`);
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("indexes an uploaded file so that it can be asked about, then forgets it once deleted", async () => {
    const before = await ask(ctx, "机器人核心零部件研发项目最高资助多少？");
    expect(before.citations.some((c: { docId: string }) => c.docId.startsWith("uploads/"))).toBe(false);

    const res = await upload(ctx, "机器人专项通知.txt", UPLOADED);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.docId).toBe("uploads/机器人专项通知.txt");
    expect(body.report.added).toBe(1);
    expect(await readdir(path.join(ctx.corpus, "uploads"))).toContain("机器人专项通知.txt");

    const after = await ask(ctx, "机器人核心零部件研发项目最高资助多少？");
    expect(after.refused).toBe(false);
    expect(after.answer).toContain("800万元");
    expect(after.citations[0].docId).toBe("uploads/机器人专项通知.txt");

    const del = await fetch(`${ctx.server.url}/api/documents/${encodeURIComponent(body.docId)}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await del.json()).report.removed).toBe(1);
    expect(await readdir(path.join(ctx.corpus, "uploads"))).not.toContain("机器人专项通知.txt");
    const gone = await ask(ctx, "机器人核心零部件研发项目最高资助多少？");
    expect(gone.citations.some((c: { docId: string }) => c.docId.startsWith("uploads/"))).toBe(false);
    expect((gone.nearest ?? []).some((c: { docId: string }) => c.docId.startsWith("uploads/"))).toBe(false);
  });

  it("deletes a sample document and no longer cites it", async () => {
    const rule = (await (await fetch(`${ctx.server.url}/api/documents`)).json()).documents.find(
      (d: { docId: string }) => d.docId.startsWith(RULE_PREFIX),
    );
    const res = await fetch(`${ctx.server.url}/api/documents/${rule.docId}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    const list = (await (await fetch(`${ctx.server.url}/api/documents`)).json()).documents;
    expect(list.some((d: { docId: string }) => d.docId === rule.docId)).toBe(false);
    const a = await ask(ctx, "数字化转型扶持计划最高补助多少？");
    expect([...a.citations, ...(a.nearest ?? [])].some((c: { docId: string }) => c.docId === rule.docId)).toBe(false);
  });

  it("refuses to delete a document that became a symlink, and leaves the link's target in place", async () => {
    const up = await upload(ctx, "链接.txt", UPLOADED);
    expect(up.status).toBe(201);
    const rulePath = path.join(ctx.corpus, ...LETTER.split("/"));
    const ruleBytes = await readFile(rulePath);
    const link = path.join(ctx.corpus, "uploads", "链接.txt");
    await rm(link);
    await symlink(rulePath, link);
    const res = await fetch(`${ctx.server.url}/api/documents/${encodeURIComponent("uploads/链接.txt")}`, {
      method: "DELETE",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "BAD_PATH", message: expect.stringMatching(/符号链接/) });
    expect(await readFile(rulePath)).toEqual(ruleBytes);
    await rm(link);
    await ctx.kb.reindex();
  });

  it("keeps a good file byte-identical and indexed when an unreadable upload of the same name is refused", async () => {
    const good = await readFile(path.resolve("test/fixtures/text.pdf"));
    const bad = await readFile(path.resolve("test/fixtures/corrupt.pdf"));
    const onDisk = path.join(ctx.corpus, "uploads", "替换.pdf");
    expect((await upload(ctx, "替换.pdf", good)).status).toBe(201);
    const res = await upload(ctx, "替换.pdf", bad);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "CORRUPT", message: expect.stringMatching(/损坏/) });
    expect(await readFile(onDisk)).toEqual(good);
    expect(ctx.kb.document("uploads/替换.pdf")).toBeDefined();
    expect(await readdir(path.join(ctx.corpus, "uploads"))).not.toContainEqual(expect.stringMatching(/^\.staging-/));
    // A full rebuild reads the file again: still the good one.
    await ctx.kb.reindex({ rebuild: true });
    expect(ctx.kb.document("uploads/替换.pdf")).toBeDefined();
    expect(await readFile(onDisk)).toEqual(good);
  });

  it("handles concurrent uploads of one name one at a time: the good file stays, the unreadable one is refused", async () => {
    const good = await readFile(path.resolve("test/fixtures/text.pdf"));
    const bad = await readFile(path.resolve("test/fixtures/corrupt.pdf"));
    for (let i = 0; i < 3; i++) {
      const name = `并发${i}.pdf`;
      const [badRes, goodRes] = await Promise.all([upload(ctx, name, bad), upload(ctx, name, good)]);
      expect([badRes.status, goodRes.status], name).toEqual([422, 201]);
      expect(await readFile(path.join(ctx.corpus, "uploads", name))).toEqual(good);
      expect(ctx.kb.document(`uploads/${name}`), name).toBeDefined();
    }
  });

  it("refuses a name over 240 UTF-8 bytes with a 400 and a Chinese message, and writes nothing", async () => {
    const name = `${"政".repeat(90)}.txt`; // 274 bytes
    const res = await upload(ctx, name, UPLOADED);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: "BAD_UPLOAD",
      message: expect.stringMatching(/文件名过长/),
    });
    expect(await readdir(path.join(ctx.corpus, "uploads"))).not.toContain(name);
    expect((await upload(ctx, `${"政".repeat(76)}.txt`, UPLOADED)).status).toBe(201); // 232 bytes
  });

  it("refuses (409) a name that differs from an existing file only by case or Unicode form", async () => {
    expect((await upload(ctx, "Report.txt", UPLOADED)).status).toBe(201);
    const nfd = "Cafe\u0301.txt";
    await writeFile(path.join(ctx.corpus, "uploads", nfd), UPLOADED);
    for (const name of ["report.txt", "REPORT.TXT", "Caf\u00e9.txt", "CAFE\u0301.txt"]) {
      const res = await upload(ctx, name, `${UPLOADED}\n新版`);
      expect(res.status, name).toBe(409);
      expect((await res.json()).error, name).toMatchObject({
        code: "CONFLICT",
        message: expect.stringMatching(/已有/),
      });
    }
    expect((await readdir(path.join(ctx.corpus, "uploads"))).filter((n) => /report|caf/i.test(n)).sort()).toEqual(
      [nfd, "Report.txt"].sort(),
    );
    expect(await readFile(path.join(ctx.corpus, "uploads", "Report.txt"), "utf8")).toBe(UPLOADED);
    // The same name again is a plain replacement; an NFD spelling of an NFC name is that same name.
    expect((await upload(ctx, "Report.txt", `${UPLOADED}\n第二版`)).status).toBe(201);
    expect((await upload(ctx, "Ame\u0301lie.txt", UPLOADED)).status).toBe(201);
    const again = await upload(ctx, "Am\u00e9lie.txt", `${UPLOADED}\n第二版`);
    expect([again.status, (await again.json()).replaced]).toEqual([201, true]);
    expect(await readdir(path.join(ctx.corpus, "uploads"))).toContain("Am\u00e9lie.txt");
    await rm(path.join(ctx.corpus, "uploads", nfd));
  });

  it.each([
    ["a wrong file type", () => upload(ctx, "表格.xlsx", "PK\u0003\u0004xx"), 415],
    ["a binary file named .txt", () => upload(ctx, "假文本.txt", Buffer.from([0x00, 0x01, 0x02, 0x00, 0x41])), 415],
    ["a text file named .pdf", () => upload(ctx, "假.pdf", "不是PDF"), 415],
    ["a file without extension", () => upload(ctx, "README", "文本"), 415],
    ["a file over the size limit", () => upload(ctx, "大文件.txt", "字".repeat(40_000)), 413],
    ["an empty file", () => upload(ctx, "空.txt", ""), 400],
    ["the wrong form field", () => upload(ctx, "a.txt", "内容", "document"), 400],
    [
      "no multipart body",
      () =>
        fetch(`${ctx.server.url}/api/documents`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      400,
    ],
  ])("rejects an upload of %s with %s and a Chinese message", async (_n, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("keeps an uploaded name inside the uploads folder", async () => {
    const res = await upload(ctx, "../../逃逸.txt", UPLOADED);
    expect(res.status).toBe(201);
    expect((await res.json()).docId).toBe("uploads/逃逸.txt");
    expect(await readdir(path.join(ctx.corpus, "uploads"))).toContain("逃逸.txt");
    expect(safeUploadName("..\\..\\a.md")).toBe("a.md");
    expect(safeUploadName(".hidden.txt")).toBe("hidden.txt");
    expect(safeUploadName("a/b/c<d>.PDF")).toBe("c_d_.pdf");
    expect(safeUploadName("...")).toBeUndefined();
  });

  it.each([
    ["an encoded traversal", `/api/documents/${encodeURIComponent("../package.json")}`, 400],
    ["a traversal in the query", `/api/documents?docId=${encodeURIComponent("reply-letters/../../x.txt")}`, 400],
    ["an absolute path", `/api/documents/${encodeURIComponent("/etc/passwd")}`, 400],
    ["an unknown document", `/api/documents/${encodeURIComponent("uploads/nothing.txt")}`, 404],
    ["no docId", `/api/documents`, 400],
  ])("refuses to delete %s (%s)", async (_n, url, status) => {
    const res = await fetch(`${ctx.server.url}${url}`, { method: "DELETE" });
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await readFile(path.resolve("package.json"), "utf8")).toContain("gxj-policy-assistant");
  });
});

describe("re-indexing while asking", () => {
  it("never fails a query during uploads and deletes", async () => {
    const ctx = await start();
    try {
      let stop = false;
      const failures: unknown[] = [];
      let answered = 0;
      const asker = async () => {
        while (!stop) {
          const res = await fetch(`${ctx.server.url}/api/ask`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ question: "公共技术服务平台扶持计划给多少支持？" }),
          });
          const body = await res.json();
          if (res.status !== 200 || !body.answer.includes("500万元")) failures.push(body);
          answered++;
        }
      };
      const askers = [asker(), asker(), asker()];
      for (let i = 0; i < 3; i++) {
        await writeFile(path.join(ctx.corpus, "uploads", "noise.txt"), `${UPLOADED}\n第${i}版`);
        const up = await upload(ctx, `通知${i}.txt`, UPLOADED.replace("800万元", `${800 + i}万元`));
        expect(up.status).toBe(201);
        const del = await fetch(`${ctx.server.url}/api/documents/${encodeURIComponent(`uploads/通知${i}.txt`)}`, {
          method: "DELETE",
        });
        expect(del.status).toBe(200);
      }
      stop = true;
      await Promise.all(askers);
      expect(failures).toEqual([]);
      expect(answered).toBeGreaterThan(3);
    } finally {
      await ctx.stop();
    }
  });
});
