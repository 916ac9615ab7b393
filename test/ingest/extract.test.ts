import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.js";
import { extractText, isSupportedFile } from "../../src/ingest/extract.js";
import { fixture } from "./helpers.js";

const ROW_1 = "项目名称：公共技术服务平台；支持比例：30%；最高金额：500万元";
const ROW_2 = "项目名称：工业互联网标杆项目；支持比例：20%；最高金额：300万元";

async function codeOf(name: string, bytes: Buffer): Promise<string | undefined> {
  try {
    await extractText(name, bytes);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).message).toMatch(/[\u4e00-\u9fa5]/);
    return (e as IngestError).code;
  }
}

describe("extractText: tables", () => {
  for (const name of ["table.docx", "table.html"]) {
    it(`${name}: each row is one line with its header, reported in tableRows`, async () => {
      const { text, tableRows } = await extractText(name, fixture(name));
      expect(tableRows.map((r) => text.slice(r.start, r.end))).toEqual([ROW_1, ROW_2]);
      expect(text.split("\n")).toContain("一、扶持标准");
      expect(text).toContain("申报时间为每年4月1日");
      expect(text).not.toContain("<");
    });
  }

  it("html: scripts, styles and the head are dropped", async () => {
    const { text } = await extractText("table.html", fixture("table.html"));
    expect(text).not.toContain("不应出现");
    expect(text).not.toContain("color");
    expect(text.split("\n")[0]).toBe("关于公共技术服务平台扶持标准的说明");
  });
});

describe("extractText: plain formats", () => {
  it("txt: GBK is decoded and CRLF normalized", async () => {
    const { text } = await extractText("gbk.txt", fixture("gbk.txt"));
    expect(text).not.toContain("\r");
    expect(text.split("\n")[2]).toBe("各有关单位：");
  });

  it("markdown: markup stripped, headings on their own lines, pipe tables as rows", async () => {
    const md = [
      "# 深圳市示例扶持办法",
      "",
      "## 第一章 总则",
      "**第一条** 为规范资金管理，制定本办法。详见[通知](https://example.org/a)。",
      "- 一是加强统筹",
      "1. 申报条件",
      "| 项目 | 比例 |",
      "| --- | --- |",
      "| 设备更新 | 15% |",
    ].join("\r\n");
    const { text, tableRows } = await extractText("a.md", Buffer.from(md, "utf8"));
    expect(text.split("\n")).toEqual([
      "深圳市示例扶持办法",
      "",
      "第一章 总则",
      "第一条 为规范资金管理，制定本办法。详见通知。",
      "一是加强统筹",
      "1. 申报条件",
      "项目：设备更新；比例：15%",
    ]);
    expect(tableRows).toHaveLength(1);
  });

  it("pdf: Chinese text from a Type0/Identity-H font with ToUnicode; wrapped lines are joined", async () => {
    const { text } = await extractText("text.pdf", fixture("text.pdf"));
    expect(text.split("\n")).toEqual([
      "深圳市工业和信息化局关于智能制造扶持计划的通知",
      "第一条 智能制造示范项目按照不超过投资额的15%给予资助，单个项目最高不超过800万元。",
      "第二条 本通知自2022年1月1日起施行。",
    ]);
  });
});

describe("extractText: errors", () => {
  it.each([
    ["empty.txt", "EMPTY"],
    ["binary.txt", "BINARY"],
    ["corrupt.docx", "CORRUPT"],
    ["corrupt.pdf", "CORRUPT"],
    ["no-text.pdf", "NO_TEXT"],
    ["notes.xlsx", "UNSUPPORTED"],
  ])("%s → %s", async (name, code) => {
    expect(await codeOf(name, fixture(name))).toBe(code);
  });

  it("an empty pdf or docx is EMPTY, not a parser crash", async () => {
    expect(await codeOf("x.pdf", Buffer.alloc(0))).toBe("EMPTY");
    expect(await codeOf("x.docx", Buffer.alloc(0))).toBe("EMPTY");
  });

  it("knows its extensions case-insensitively", () => {
    expect(isSupportedFile("答复.DOCX")).toBe(true);
    expect(isSupportedFile("表格.xlsx")).toBe(false);
  });
});
