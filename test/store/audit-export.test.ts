import { describe, expect, it } from "vitest";
import { auditCsvRow, auditJsonLine, csvField } from "../../src/store/audit-export.js";
import type { AuditRecord } from "../../src/store/types.js";

const record: AuditRecord = {
  id: "a1",
  at: new Date("2026-11-29T08:00:00Z"),
  channel: "wecom",
  user: "zhangsan",
  question: '平台补助，"最多"多少？\n第二行',
  answer: "年度最高不超过500万元扶持[1]",
  refused: false,
  citations: [
    { n: 1, docId: "letters/a.txt", title: "答复函", section: "三", quote: "q", start: 0, end: 1 },
    { n: 2, docId: "rules/b.txt", title: "办法", section: "", quote: "q", start: 0, end: 1 },
  ],
  latencyMs: 35,
};

describe("audit export", () => {
  it("when a field holds commas, quotes or line breaks, then it is quoted with quotes doubled", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('说"是"')).toBe('"说""是"""');
    expect(csvField("一\n二")).toBe('"一\n二"');
    expect(csvField("普通")).toBe("普通");
  });

  it("when a field would start a spreadsheet formula, then it is defused with an apostrophe", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("@sum,x")).toBe(`"'@sum,x"`);
  });

  it("when a record is written as CSV, then its columns follow the header and citations are readable", () => {
    expect(auditCsvRow(record)).toBe(
      '2026-11-29T08:00:00.000Z,wecom,zhangsan,,"平台补助，""最多""多少？\n第二行",,年度最高不超过500万元扶持[1],false,' +
        "[1] 答复函（letters/a.txt 三）; [2] 办法（rules/b.txt）,35\r\n",
    );
  });

  it("when a record is written as JSON Lines, then it reads back as the same record with an ISO time", () => {
    const line = auditJsonLine(record);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({ ...record, at: "2026-11-29T08:00:00.000Z" });
  });
});
