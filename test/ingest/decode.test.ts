import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeWithEncoding, looksBinary } from "../../src/ingest/decode.js";
import { IngestError } from "../../src/ingest/errors.js";
import { fixture } from "./helpers.js";

describe("decodeWithEncoding", () => {
  it("decodes a GBK file written by an older system", () => {
    const { text, encoding } = decodeWithEncoding(fixture("gbk.txt"));
    expect(encoding).toBe("gb18030");
    expect(text).toContain("深圳市工业和信息化局关于征集2022年工业设计发展扶持计划项目的通知");
    expect(text).toContain("按照不超过项目审定投资额的40%给予资助，最高不超过100万元。");
  });

  it("prefers UTF-8 when the bytes are valid UTF-8", () => {
    const { text, encoding } = decodeWithEncoding(Buffer.from("第一条 资助比例为30%。", "utf8"));
    expect(encoding).toBe("utf-8");
    expect(text).toBe("第一条 资助比例为30%。");
  });

  it("drops a UTF-8 BOM", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("标题", "utf8")]);
    expect(decodeWithEncoding(bytes).text).toBe("标题");
  });

  it("decodes UTF-16 LE and BE with a BOM", () => {
    expect(decodeWithEncoding(fixture("utf16le-bom.txt")).text).toBe("第一条 测试UTF-16文本。\n");
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode("答复意见", "utf-16be")]);
    expect(decodeWithEncoding(be)).toEqual({ text: "答复意见", encoding: "utf-16be" });
  });

  it("rejects empty and binary input with coded errors", () => {
    expect(() => decodeWithEncoding(Buffer.alloc(0))).toThrow(expect.objectContaining({ code: "EMPTY" }));
    let error: unknown;
    try {
      decodeWithEncoding(fixture("binary.txt"), "binary.txt");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("BINARY");
    expect((error as IngestError).message).toContain("binary.txt");
  });

  it("treats text with many control characters as binary", () => {
    expect(looksBinary(Buffer.from([0x41, 0x01, 0x02, 0x03, 0x42]))).toBe(true);
    expect(looksBinary(Buffer.from("正文\r\n\t第二行", "utf8"))).toBe(false);
  });
});
