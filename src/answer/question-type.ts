/** What kind of fact a question asks for, from its wording; pure. */

export type AnswerShape = "amount" | "date" | "count" | "list" | "which" | "general";

const PATTERNS: Array<[AnswerShape, RegExp]> = [
  ["amount", /多少(钱|资金|金额|支持|补贴|扶持|奖励)|金额|比例|百分之|额度|上限|最高|最多|资助|补助标准|扶持标准|支持标准/],
  ["date", /何时|什么时候|哪一?年|哪天|日期|时间|期限|有效期|截至|施行|生效|到期/],
  ["count", /多少(家|个|项|所|名|人|次|批|届|支|条)|几(家|个|项|所|名|次|批|届|支|条)|数量|总数|排名|第几/],
  ["list", /哪些|有哪|包括什么|包括哪|举措|措施|做法/],
  ["which", /哪(个|份|部|一)|什么文件|哪个文件|依据|出处|文号/],
];

export function answerShape(question: string): AnswerShape {
  for (const [shape, re] of PATTERNS) if (re.test(question)) return shape;
  return "general";
}

const NUMBER_WITH_UNIT = /\d+(?:\.\d+)?\s*(?:%|万|亿|元|家|个|项|所|名|人|次|批|届|支|条|倍)/;
const DATE = /\d{4}年|\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九十]{4}年/;

/** Whether a sentence has the kind of fact the shape asks for. */
export function sentenceFitsShape(shape: AnswerShape, sentence: string): boolean {
  const s = sentence.normalize("NFKC");
  switch (shape) {
    case "amount":
      return /\d+(?:\.\d+)?\s*(?:%|万|亿|元)|百分之/.test(s);
    case "count":
      return NUMBER_WITH_UNIT.test(s);
    case "date":
      return DATE.test(s) || /有效期|施行|到期/.test(s);
    default:
      return false;
  }
}
