import { describe, expect, it } from "vitest";
import { extractMeta } from "../../src/ingest/metadata.js";
import { RULE_REL, SEED_REL, loadCorpusDoc } from "./helpers.js";

describe("extractMeta on the real reply letter", () => {
  it("reads title, issuer, date, proposal number, addressee and kind", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    expect(doc.meta).toEqual({
      title: "市工业和信息化局关于对市政协七届一次会议第20210384号提案答复意见的函",
      kind: "reply_letter",
      issuer: "深圳市工业和信息化局",
      date: "2021-10-22",
      proposalNumber: "20210384",
      addressee: "九三学社深圳市委会",
    });
  });

  it("does not take a 文号 cited in the body (深工信规〔2019〕3号) as the letter's own", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    expect(doc.text).toContain("深工信规〔2019〕3号");
    expect(doc.meta.docNumber).toBeUndefined();
  });
});

describe("extractMeta on the sample policy rule", () => {
  it("reads the header and the validity period", async () => {
    const doc = await loadCorpusDoc(RULE_REL);
    expect(doc.meta).toMatchObject({
      title: "深圳市工业和信息化局关于印发《深圳市中小企业数字化转型扶持计划操作规程》的通知",
      kind: "policy_rule",
      issuer: "深圳市工业和信息化局",
      date: "2020-02-10",
      docNumber: "深工信规〔2020〕5号",
      addressee: "各有关单位",
      effectiveDate: "2020-03-01",
      expiryDate: "2023-02-28",
      validityText: "本规程自2020年3月1日起施行，有效期3年。",
    });
    expect(doc.meta.repealed).toBeUndefined();
    expect(doc.text.includes(doc.meta.validityText!)).toBe(true);
  });
});

describe("extractMeta variants", () => {
  const rule = (lines: string[]) => extractMeta(lines.join("\n"), "uploads/x.txt");

  it("normalizes 文号 brackets and reads Chinese-numeral dates", () => {
    const meta = rule([
      "# 深圳市示例管理办法",
      "深工信规[2019]3号",
      "第一条 本办法自二〇一九年五月一日起施行，有效期至2024年4月30日。",
      "深圳市工业和信息化局",
      "二〇一九年四月十五日",
    ]);
    expect(meta).toMatchObject({
      title: "深圳市示例管理办法",
      kind: "policy_rule",
      docNumber: "深工信规〔2019〕3号",
      date: "2019-04-15",
      effectiveDate: "2019-05-01",
      expiryDate: "2024-04-30",
    });
  });

  it("accepts full-width brackets （） and 【】", () => {
    expect(rule(["某某办法", "深发改规（2018）12号", "正文。"]).docNumber).toBe("深发改规〔2018〕12号");
    expect(rule(["某某办法", "深财规【2021】7号", "正文。"]).docNumber).toBe("深财规〔2021〕7号");
  });

  it("marks a rule that says it is itself repealed, not one that repeals another", () => {
    const repealed = rule(["某某操作规程", "本规程已废止，相关事项按新规定执行。"]);
    expect(repealed.repealed).toBe(true);
    expect(repealed.validityText).toBe("本规程已废止，相关事项按新规定执行。");
    const replacing = rule(["某某操作规程", "本规程自2022年1月1日起施行，《旧规程》同时废止。"]);
    expect(replacing.repealed).toBeUndefined();
    expect(replacing.effectiveDate).toBe("2022-01-01");
  });

  it("classifies by title when the path says nothing, and by path first", () => {
    expect(extractMeta("关于某某建议的答复\n正文。", "uploads/a.txt").kind).toBe("reply_letter");
    expect(extractMeta("工作简报\n正文。", "uploads/a.txt").kind).toBe("other");
    expect(extractMeta("工作简报\n正文。", "policy-rules/a.txt").kind).toBe("policy_rule");
  });

  it("takes the issuer from the title when there is no signature, and the header date", () => {
    const meta = extractMeta("市发展改革委关于某事项的通知\n2020年5月6日\n正文。", "uploads/a.txt");
    expect(meta.issuer).toBe("市发展改革委");
    expect(meta.date).toBe("2020-05-06");
  });
});

describe("titles of texts without line breaks", () => {
  it("cuts a long first line at its first space or sentence end, within 80 characters", async () => {
    const { titleOf } = await import("../../src/ingest/metadata.js");
    const body = "为进一步做好疫情防控工作，确保正常生产生活秩序，现将有关事项通知如下。".repeat(5);
    expect(titleOf(`市商务局关于做好外资企业复工复产服务的通知 内容概述 ${body}`)).toBe(
      "市商务局关于做好外资企业复工复产服务的通知",
    );
    expect(titleOf(body).length).toBeLessThanOrEqual(80);
    expect(titleOf("短标题")).toBe("短标题");
  });
});
