import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { withHttpStatus } from "../helpers/errors.js";
import { checkUpload, CorpusFolder } from "../../src/corpus/corpus-folder.js";
import { isSafeRelPath } from "../../src/corpus/paths.js";
import { STAGING_PREFIX } from "../../src/corpus/list-files.js";
import { tempDir } from "../helpers/corpus.js";

const TEXT = "关于开展专项资助的通知\n\n各有关单位：\n现就有关事项通知如下。\n";

/** The error a promise or call is rejected with, for its code and the HTTP status the API answers it with. */
async function failure(work: Promise<unknown> | (() => unknown)): Promise<AppError & { status: number }> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return withHttpStatus(err as AppError);
  }
  throw new Error("expected a failure");
}

async function folder(): Promise<{ root: string; corpus: CorpusFolder }> {
  const root = await tempDir("corpus-folder");
  return { root, corpus: new CorpusFolder(root) };
}

/** Every entry under dir, recursively, as relative paths (dotfiles included). */
async function allEntries(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map((p) => p.split(path.sep).join("/")).sort();
}

describe("CorpusFolder writes", () => {
  it("adds a checked upload under uploads/ and leaves no staged file behind", async () => {
    const { root, corpus } = await folder();
    const written = await corpus.add(checkUpload("通知.txt", Buffer.from(TEXT)));
    expect(written).toEqual({ relPath: "uploads/通知.txt", replaced: false });
    expect(await readFile(path.join(root, "uploads", "通知.txt"), "utf8")).toBe(TEXT);
    expect(await allEntries(root)).toEqual(["uploads", "uploads/通知.txt"]);
  });

  it("replaces a file of the same name and says so", async () => {
    const { root, corpus } = await folder();
    await corpus.add(checkUpload("通知.txt", Buffer.from(TEXT)));
    const again = await corpus.add(checkUpload("通知.txt", Buffer.from(`${TEXT}第二版\n`)));
    expect(again).toEqual({ relPath: "uploads/通知.txt", replaced: true });
    expect(await readFile(path.join(root, "uploads", "通知.txt"), "utf8")).toBe(`${TEXT}第二版\n`);
    expect(await allEntries(root)).toEqual(["uploads", "uploads/通知.txt"]);
  });

  it("writes any safe relative path, creating folders, and reads it back", async () => {
    const { root, corpus } = await folder();
    expect(await corpus.write("a/b/c.md", Buffer.from("# 标题\n"), { sync: false })).toEqual({ relPath: "a/b/c.md", replaced: false });
    expect((await corpus.read("a/b/c.md"))?.toString("utf8")).toBe("# 标题\n");
    expect(await corpus.read("a/b/none.md")).toBeUndefined();
    expect(await allEntries(root)).toEqual(["a", "a/b", "a/b/c.md"]);
  });

  it("removes the staged file when the rename into place fails", async () => {
    const { root, corpus } = await folder();
    await mkdir(path.join(root, "uploads", "占位.txt"), { recursive: true });
    await writeFile(path.join(root, "uploads", "占位.txt", "x.txt"), "x");
    await expect(corpus.write("uploads/占位.txt", Buffer.from(TEXT))).rejects.toThrow();
    expect(await allEntries(root)).toEqual(["uploads", "uploads/占位.txt", "uploads/占位.txt/x.txt"]);
  });

  it("rolls back an added file, but keeps a replaced one", async () => {
    const { root, corpus } = await folder();
    const added = await corpus.add(checkUpload("新.txt", Buffer.from(TEXT)));
    expect(await corpus.rollback(added)).toBe(true);
    expect(await readdir(path.join(root, "uploads"))).toEqual([]);

    await writeFile(path.join(root, "uploads", "旧.txt"), "旧版本");
    const replaced = await corpus.add(checkUpload("旧.txt", Buffer.from(TEXT)));
    expect(await corpus.rollback(replaced)).toBe(false);
    expect(await readFile(path.join(root, "uploads", "旧.txt"), "utf8")).toBe(TEXT);
  });
});

describe("CorpusFolder.exclusive", () => {
  it("runs work on one name (whatever its case or Unicode form) one at a time, and other names alongside", async () => {
    const { corpus } = await folder();
    const events: string[] = [];
    const work = (tag: string, ms: number) => async () => {
      events.push(`${tag}+`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`${tag}-`);
      if (tag === "a1") throw new Error("fails");
      return tag;
    };
    const nfd = "uploads/Cafe\u0301.txt";
    const results = await Promise.allSettled([
      corpus.exclusive("uploads/café.txt", work("a1", 30)),
      corpus.exclusive(nfd, work("a2", 10)),
      corpus.exclusive("uploads/CAFÉ.TXT", work("a3", 1)),
      corpus.exclusive("uploads/other.txt", work("b", 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(events.filter((e) => e.startsWith("a"))).toEqual(["a1+", "a1-", "a2+", "a2-", "a3+", "a3-"]);
    expect(events.indexOf("b-")).toBeLessThan(events.indexOf("a1-"));
  });
});

describe("CorpusFolder deletes", () => {
  it("deletes a file of the corpus", async () => {
    const { root, corpus } = await folder();
    await corpus.write("reply-letters/a.txt", Buffer.from(TEXT));
    await corpus.remove("reply-letters/a.txt");
    expect(await readdir(path.join(root, "reply-letters"))).toEqual([]);
  });

  it("answers 404 for a file that is not there", async () => {
    const { corpus } = await folder();
    const err = await failure(corpus.remove("uploads/none.txt"));
    expect([err.status, err.code]).toEqual([404, "NOT_FOUND"]);
  });
});

describe("CorpusFolder path safety", () => {
  it.each(["../x.txt", "a/../../x.txt", "/etc/passwd", "a//b.txt", "./a.txt", "a\\..\\b.txt", "a\0.txt", ""])(
    "refuses %j for reading, writing and deleting",
    async (relPath) => {
      const { root, corpus } = await folder();
      expect(isSafeRelPath(relPath)).toBe(false);
      for (const attempt of [corpus.write(relPath, Buffer.from(TEXT)), corpus.remove(relPath), corpus.read(relPath)]) {
        const err = await failure(attempt);
        expect([err.status, err.code, err.message]).toEqual([400, "BAD_PATH", "文档编号不合法。"]);
      }
      expect(await allEntries(root)).toEqual([]);
    },
  );

  it("does not delete a file outside the folder through a symlink", async () => {
    const { root, corpus } = await folder();
    const outside = await tempDir("outside");
    await writeFile(path.join(outside, "secret.txt"), "机密");
    await symlink(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
    const err = await failure(corpus.remove("link.txt"));
    expect([err.status, err.code, err.message]).toEqual([400, "BAD_PATH", "只能删除语料目录中的文档。"]);
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("机密");
  });

  it("never deletes a symlink's target inside the corpus: a link, or a path through a linked folder, is refused", async () => {
    const { root, corpus } = await folder();
    await corpus.write("policy-rules/rule.txt", Buffer.from(TEXT));
    await mkdir(path.join(root, "uploads"));
    await symlink(path.join(root, "policy-rules", "rule.txt"), path.join(root, "uploads", "a.txt"));
    await symlink(path.join(root, "policy-rules"), path.join(root, "linked"));
    for (const relPath of ["uploads/a.txt", "linked/rule.txt"]) {
      const err = await failure(corpus.remove(relPath));
      expect([err.status, err.code, err.message], relPath).toEqual([400, "BAD_PATH", "该文档是符号链接（或位于链接的文件夹中），不能通过接口删除。"]);
    }
    expect(await readFile(path.join(root, "policy-rules", "rule.txt"), "utf8")).toBe(TEXT);
    expect(await readdir(path.join(root, "uploads"))).toEqual(["a.txt"]);
  });

  it("does not write outside the folder through a symlinked folder", async () => {
    const { root, corpus } = await folder();
    const outside = await tempDir("outside");
    await symlink(outside, path.join(root, "uploads"));
    const err = await failure(corpus.add(checkUpload("通知.txt", Buffer.from(TEXT))));
    expect([err.status, err.code]).toEqual([400, "BAD_PATH"]);
    expect(await readdir(outside)).toEqual([]);
  });

  it("creates no folder outside the corpus when a subfolder of the path is a link to outside", async () => {
    const { root, corpus } = await folder();
    const outside = await tempDir("outside");
    await symlink(outside, path.join(root, "linked"));
    const err = await failure(corpus.write("linked/new/deeper/a.txt", Buffer.from(TEXT)));
    expect([err.status, err.code]).toEqual([400, "BAD_PATH"]);
    expect(await readdir(outside)).toEqual([]);
  });
});

describe("checkUpload", () => {
  it("names the upload inside uploads/, whatever path it came with", () => {
    expect(checkUpload("../../逃逸.txt", Buffer.from(TEXT)).relPath).toBe("uploads/逃逸.txt");
    expect(checkUpload("C:\\docs\\a.MD", Buffer.from("# a")).relPath).toBe("uploads/a.md");
  });

  it("accepts UTF-16 text with a BOM although it holds NUL bytes", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("通知", "utf16le")]);
    expect(checkUpload("u.txt", utf16).bytes).toBe(utf16);
  });

  it.each([
    ["an unsupported type", "表格.xlsx", Buffer.from("PK\u0003\u0004xx"), 415, "UNSUPPORTED_TYPE"],
    ["no extension", "README", Buffer.from("文本"), 415, "UNSUPPORTED_TYPE"],
    ["an empty file", "空.txt", Buffer.alloc(0), 400, "EMPTY_FILE"],
    ["binary content named .txt", "假.txt", Buffer.from([0x00, 0x01, 0x02, 0x00, 0x41]), 415, "UNSUPPORTED_TYPE"],
    ["text named .pdf", "假.pdf", Buffer.from("不是PDF"), 415, "UNSUPPORTED_TYPE"],
    ["text named .docx", "假.docx", Buffer.from("不是docx"), 415, "UNSUPPORTED_TYPE"],
  ])("refuses %s", async (_n, name, bytes, status, code) => {
    const err = await failure(() => checkUpload(name, bytes));
    expect([err.status, err.code]).toEqual([status, code]);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("CorpusFolder.list", () => {
  it("lists what the indexer indexes: no staged files, no dotfiles, no node_modules", async () => {
    const { root, corpus } = await folder();
    await corpus.write("b/z.txt", Buffer.from(TEXT));
    await corpus.add(checkUpload("通知.txt", Buffer.from(TEXT)));
    // A write cut short (a crash between staging and rename) leaves a staged file behind.
    await writeFile(path.join(root, "uploads", `${STAGING_PREFIX}0123456789ab`), TEXT);
    await writeFile(path.join(root, `${STAGING_PREFIX}cafe`), TEXT);
    await writeFile(path.join(root, ".gitkeep"), "");
    await mkdir(path.join(root, "node_modules"));
    await writeFile(path.join(root, "node_modules", "x.txt"), "x");
    await writeFile(path.join(root, "a.xlsx"), "x");
    const listed = await corpus.list();
    expect(listed.map((f) => f.relPath)).toEqual(["a.xlsx", "b/z.txt", "uploads/通知.txt"]);
    expect(listed[1]).toMatchObject({ absPath: path.join(root, "b", "z.txt"), size: Buffer.byteLength(TEXT) });
  });

  it("lists the sample corpus as before", async () => {
    const listed = await new CorpusFolder(path.resolve("corpus")).list();
    expect(listed.map((f) => f.relPath)).toEqual([
      "policy-rules/示例-深圳市中小企业数字化转型扶持计划操作规程.txt",
      "reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt",
    ]);
  });
});
