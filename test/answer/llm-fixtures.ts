/** Hand-built passages for the LLM answerer tests; offsets point into the full document texts. */
import type { DocMeta, Heading, Passage } from "../../src/core/types.js";

export const REPLY_TITLE = "市工业和信息化局关于对市政协七届一次会议第20210384号提案答复意见的函";
export const KEY_SENTENCE =
  "按照不超过申报单位上年度实际投资额的30%给予扶持，且年度最高不超过500万元（目前该扶持计划已到期）。";

function passage(
  docId: string,
  text: string,
  chunkText: string,
  meta: DocMeta,
  sectionPath: Heading[],
  score: number,
): Passage {
  const start = text.indexOf(chunkText);
  if (start < 0) throw new Error("chunk text not in document");
  return {
    chunk: {
      id: `${docId}#0`,
      docId,
      ordinal: 0,
      text: chunkText,
      start,
      end: start + chunkText.length,
      sectionPath,
      hash: "0",
    },
    meta,
    score,
  };
}

const REPLY_CHUNK = `我局自2017年起设立公共技术服务平台扶持计划，对经认定的公共技术服务平台，${KEY_SENTENCE}下一步，我局将结合产业发展需要研究新的支持措施。`;
export const REPLY_TEXT = `${REPLY_TITLE}\n……\n三、关于…的建议\n（四）加快公共技术服务平台建设\n${REPLY_CHUNK}\n四、其他\n……`;

const RULE_CHUNK = "第十二条 对新认定为市级企业技术中心的企业，给予一次性奖励100万元。";
export const RULE_TEXT = `市企业技术中心认定管理办法\n第一章 总则\n……\n第三章 支持措施\n${RULE_CHUNK}\n第十三条 ……`;

const SERVICE_CHUNK = "我局将持续优化营商环境，做好企业服务工作。";
export const SERVICE_TEXT = `关于做好企业服务工作的通知\n${SERVICE_CHUNK}`;

export const PASSAGES: Passage[] = [
  passage(
    "replies/20210384.docx",
    REPLY_TEXT,
    REPLY_CHUNK,
    { title: REPLY_TITLE, kind: "reply_letter", date: "2021-10-22", proposalNumber: "20210384" },
    [
      { label: "三", title: "关于…的建议", level: 1 },
      { label: "（四）", title: "加快公共技术服务平台建设", level: 2 },
    ],
    0.9,
  ),
  passage(
    "rules/tech-center.pdf",
    RULE_TEXT,
    RULE_CHUNK,
    { title: "市企业技术中心认定管理办法", kind: "policy_rule", date: "2019-05-10" },
    [
      { label: "第三章", title: "支持措施", level: 1 },
      { label: "第十二条", title: "", level: 2 },
    ],
    0.5,
  ),
  passage(
    "notices/service.html",
    SERVICE_TEXT,
    SERVICE_CHUNK,
    { title: "关于做好企业服务工作的通知", kind: "other", date: "2022-03-01" },
    [],
    0.2,
  ),
];

/** Document text by docId, to check that quotes are exact slices. */
export const DOC_TEXT: Record<string, string> = {
  "replies/20210384.docx": REPLY_TEXT,
  "rules/tech-center.pdf": RULE_TEXT,
  "notices/service.html": SERVICE_TEXT,
};
