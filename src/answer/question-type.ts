/** What kind of fact a question asks for, from its wording; pure. */
import { normalizeText } from "../text/normalize.js";

export type AnswerShape = "amount" | "date" | "count" | "docnumber" | "list" | "which" | "general";

const PATTERNS: Array<[AnswerShape, RegExp]> = [
  ["docnumber", /文号|发文字号|哪号文/],
  // 多少支 would also catch 多少支持, which asks for an amount.
  ["count", /多少(家|个|项|所|名|人|次|批|届|条|件|台|套)|几(家|个|项|所|名|次|批|届|件|台|套)|数量|总数|排名|第几位/],
  [
    "amount",
    /多少(钱|资金|金额|支持|补贴|扶持|奖励|资助|补助)|金额|比例|百分之几|百分比|额度|上限|最高|最多|规模|增长了?多少|增幅|资助标准|补助标准|扶持标准|支持标准/,
  ],
  ["date", /何时|什么时候|哪一?年|哪天|日期|期限|截至|施行|生效|到期|多久|几年|时间/],
  ["list", /哪些|有哪|包括什么|包括哪|举措|措施|做法/],
  ["which", /哪(个|份|部|一)|什么文件|哪个文件|依据|出处|哪一部分|第几条/],
];

export function answerShape(question: string): AnswerShape {
  for (const [shape, re] of PATTERNS) if (re.test(question)) return shape;
  return "general";
}

/** Whether a question's shape demands a specific kind of fact in the quoted sentence. */
export function shapeIsStrict(shape: AnswerShape): boolean {
  return shape === "amount" || shape === "count" || shape === "date" || shape === "docnumber";
}

const AMOUNT = /\d+(?:\.\d+)?\s*(?:%|万|亿|元)|百分之/;
const COUNT = /\d+\s*(?:家|个|项|所|名|人|次|批|届|支|条|件|台|套|位)/;
const DATE = /\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月底|\d+\s*(?:年|个月|天|日|个工作日)(?:内|以内)?/;
const DOC_NUMBER = /〔\d{4}〕\d+号/;

/** Whether a sentence has the kind of fact the shape asks for. */
export function sentenceFitsShape(shape: AnswerShape, sentence: string): boolean {
  const s = normalizeText(sentence);
  switch (shape) {
    case "amount":
      return AMOUNT.test(s);
    case "count":
      return COUNT.test(s);
    case "date":
      return DATE.test(s) || /有效期|施行|到期/.test(s);
    case "docnumber":
      return DOC_NUMBER.test(s);
    default:
      return false;
  }
}

/**
 * Figures the question itself names: a year (2021年), an ordinal (第四批, 第12条), a session (七届二次),
 * a 文号's year and number (〔2020〕6号), an amount or a percentage (800万元, 30%). A sentence about
 * another batch, year or amount does not answer the question, however well it matches otherwise:
 * quoting it would put a wrong figure in front of the reader.
 */
export function questionConstraints(question: string): string[] {
  const q = normalizeText(question);
  const found = [
    // Kept with its 年, so "2021年" is not found inside "第20210384号" or "2021-2025年".
    ...q.matchAll(/(?:19|20)\d{2}年/g),
    ...q.matchAll(/第\d+(?:批|届|次|期|条|款|章|节|项|轮|名)/g),
    ...q.matchAll(/\d+届\d+次/g),
    ...q.matchAll(/〔\d{4}〕\d+号/g),
    ...q.matchAll(/\d+(?:\.\d+)?(?:万|亿)?元|\d+(?:\.\d+)?%/g),
  ].map((m) => m[0]);
  return [...new Set(found)];
}
