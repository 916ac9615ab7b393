/**
 * The grounding check: every number, amount, percentage and date stated in an answer must
 * appear in the evidence it cites. Both sides are normalized (width, Chinese numerals, financial
 * numerals, 成 / 倍 / 半) so "五百万元" or "伍佰万元" in an answer is checked against "500万元" in a
 * passage and "八成" against "80%". Normalization only rewrites a figure into another notation of
 * the same value; it never makes two different values equal.
 */
import { parseChineseNumber } from "../text/chinese-numerals.js";
import { escapeRegExp } from "../text/regexp.js";
import { normalizeText } from "../text/normalize.js";

/**
 * Citation markers such as [1] or [1][2] are references, not facts. At most three digits, as in
 * citation-parse.ts: "深工信规[2019]3号" is a 文号 whose year must be grounded like any figure.
 */
const CITATION_MARKER = /\[\d{1,3}\]/g;
/** A date, not four digits inside a longer number (an ISBN's 893777-00-6). */
const DATE = /(?<!\d)(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}-\d{1,2}-\d{1,2}(?!\d))/g;
/**
 * A figure with the units that are part of it: 30% is not 30, 2倍 is not 2, 6个月 is not 6. A
 * version or address with two dots or more (6.5.1) is one figure, not 6.5 and 1.
 */
const NUMBER = /\d+(?:\.\d+){2,}|\d+(?:\.\d+)?(?:%|‰|万亿|亿|万|倍|个月)?/g;

/** 大写 (financial) digits and units, as their ordinary forms. */
const FINANCIAL: Record<string, string> = {
  零: "零",
  壹: "一",
  贰: "二",
  貳: "二",
  叁: "三",
  參: "三",
  肆: "四",
  伍: "五",
  陆: "六",
  陸: "六",
  柒: "七",
  捌: "八",
  玖: "九",
  拾: "十",
  佰: "百",
  仟: "千",
};
/**
 * A run of financial numerals is read only before a unit of money or magnitude: they are written
 * for amounts ("人民币捌佰万元整"), while alone they are ordinary characters (陆家嘴, 队伍).
 */
const FINANCIAL_RUN = /([零壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]+)([万萬亿億元圆圓角])/g;

/** 捌佰万元 → 800万元, 壹仟贰佰万元 → 1200万元, 壹亿贰仟万元 → 1亿2000万元 (then 1.2亿元, below). */
export function financialNumerals(text: string): string {
  return text.replace(FINANCIAL_RUN, (m, run: string, unit: string) => {
    if (/^零+$/.test(run)) return m;
    const value = parseChineseNumber([...run].map((ch) => FINANCIAL[ch]).join(""));
    if (value === undefined) return m;
    return `${value}${unit === "萬" ? "万" : unit === "億" ? "亿" : unit}`;
  });
}

/** Before 成, where the numeral and 成 are a word instead: 成本, 成员, 成果, 成立, 成效… */
const CHENG_WORD = new Set([..."本员果立功效熟交品绩长都就型套像片批千百万"]);
/** After a digit, a unit that makes it a quantity of its own: 七成5家 is 70% and 5家, not 75%. */
const QUANTITY_UNIT = /[\d.%‰万亿元家个项年月日号条章节款倍天次名人所批届期类座种件台套位周岁]/;
/** Before 一成, characters after which it is a share (按一成, 约一成), not part of a word (统一成本). */
const YI_CHENG_AFTER = new Set([..."按约近达过足至到为的低高降提减占逾及超仅只"]);
const DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const digitValue = (ch: string) => DIGIT[ch] ?? Number(ch);

/**
 * 成 as a share: 八成 → 80%, 七成五 → 75%, 七成半 → 75%, 2成 → 20%. Read on normalized text (so
 * "七成五家" already reads "七成5家": 70% and 5家). Not after 第 or another digit, not in a word.
 */
function chengShares(text: string): string {
  const re = new RegExp(
    `([1-9一二两三四五六七八九])成(半|[一二三四五六七八九]|[1-9](?!${QUANTITY_UNIT.source}))?`,
    "g",
  );
  return text.replace(re, (m, tens: string, ones: string | undefined, offset: number) => {
    const before = text[offset - 1] ?? "";
    const after = text[offset + m.length] ?? "";
    if (before === "第" || /[\d.]/.test(before)) return m;
    if (tens === "一" && /\p{Script=Han}/u.test(before) && !YI_CHENG_AFTER.has(before)) return m;
    if (tens === "一" && text.startsWith("不变", offset + m.length)) return m;
    if (!ones && CHENG_WORD.has(after)) return m;
    const unit = ones === "半" ? 5 : ones ? digitValue(ones) : 0;
    return `${digitValue(tens) * 10 + unit}%`;
  });
}

/**
 * 半 where it is a figure: 一半 / 半数 → 50%; 半年 (a duration: 每半年, 近半年) → 6个月, but not
 * 上半年 / 下半年 (a period of the year) nor 半年度 / 半年报. 半导体, 半岛 are words, left alone.
 */
function halves(text: string): string {
  return text
    .replace(/一半(?![导岛径])/g, "50%")
    .replace(/半数/g, "50%")
    .replace(/(?<![上下前后])半年(?!度|报(?!送))/g, "6个月");
}

/** 1亿2000万 → 1.2亿: an amount written in two magnitudes, as one figure. */
function oneMagnitude(text: string): string {
  return text.replace(/(\d+)亿(\d{1,4})万(?!亿)/g, (_m, yi: string, wan: string) => {
    return `${(Number(yi) * 10000 + Number(wan)) / 10000}亿`;
  });
}

/** Normalization for figures, the same on the answer and the evidence side. */
export function normalizeFigures(text: string): string {
  return oneMagnitude(halves(chengShares(normalizeText(financialNumerals(text)))));
}

/** Numeric facts of a text, normalized: dates first (whole), then remaining numbers. */
export function extractNumericFacts(text: string): string[] {
  let t = normalizeFigures(text.replace(CITATION_MARKER, " "));
  const facts: string[] = [];
  t = t.replace(DATE, (d) => {
    facts.push(canonicalDate(d));
    return " ";
  });
  for (const m of t.matchAll(NUMBER)) facts.push(m[0]);
  return [...new Set(facts)];
}

function canonicalDate(d: string): string {
  const m = /^(\d{4})(?:年|-)(\d{1,2})(?:月|-)?(\d{1,2})?/.exec(d);
  if (!m) return d;
  return m[3] ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

/** Normalized evidence text with dates in one canonical form, ready for fact lookup. */
export function normalizeEvidence(text: string): string {
  return normalizeFigures(text).replace(DATE, (d) => canonicalDate(d));
}

/**
 * True when `fact` occurs in `evidence` as a whole figure: "3" is not in "30%", "30%" not in
 * "130%", and a bare "500" is not in "500万" nor "500万" in "500万亿" (NUMBER reads the unit as
 * part of the figure, so a figure without it is another amount).
 */
export function containsFact(evidence: string, fact: string): boolean {
  const escaped = escapeRegExp(fact);
  // Only a fact's digits need whole-number boundaries; one starting or ending otherwise does not.
  // A dot before the digits ends a decimal only after a digit: 0.3 does not hold 3, www.122.gov does hold 122.
  const lead = /^\d/.test(fact) ? "(?<!\\d)(?<!\\d\\.)" : "";
  const tail = /\d$/.test(fact) ? "(?![\\d%‰万亿倍]|个月|\\.\\d)" : fact.endsWith("万") ? "(?!亿)" : "";
  return new RegExp(`${lead}${escaped}${tail}`).test(evidence);
}

export interface GroundingResult {
  ok: boolean;
  /** Facts of the answer found in no evidence text. */
  ungrounded: string[];
}

/** Check the facts of `answerText` against the texts it cites (quotes, passages, document dates). */
export function checkGrounding(answerText: string, evidenceTexts: string[]): GroundingResult {
  const evidence = evidenceTexts.map(normalizeEvidence);
  const ungrounded = extractNumericFacts(answerText).filter((fact) => !evidence.some((e) => containsFact(e, fact)));
  return { ok: ungrounded.length === 0, ungrounded };
}

/**
 * Whether a text says a scheme or rule is still in force, or that it ended. Read clause by clause:
 * a clause naming another document (原《…》同时废止) or stating a condition (逾期…失效, 到期后…)
 * says nothing about the scheme itself.
 */
export interface ValidityClaims {
  inForce: boolean;
  ended: boolean;
}

const IN_FORCE =
  /(?:仍然?|依然|继续|目前|现在|现行|长期|尚|仍在|正在)有效(?!期)|有效(?=[。，；！？]|$)|(?:仍|尚)?在有效期内|(?:仍在|正在|继续|仍然|依然|目前仍在)(?:执行|实施|施行)|(?:可以|可|能|还能|还可以|仍可|仍可以|仍能)(?:申请|申报)|(?:正在|仍在|继续)受理/g;
const ENDED =
  /已(?:经)?(?:到期|过期|废止|失效|终止|停止执行|停止实施|停止受理|过有效期)|被废止|予以废止|(?:本|该)\S{0,14}?(?:废止|失效)|停止执行|不再(?:执行|实施|受理|有效)|(?:不能|不可以|不可|无法|不再)(?:申请|申报)|到期(?=[了。，；！？）)]|$)/g;
/** Negation just before an in-force phrase turns it round: 不可以申请, 不再有效. */
const NEGATED = /[不未无非否]$|不再$/;
const CONDITIONAL_CLAUSE = /^(?:逾期|如|若|凡|未按|因)|《/;

export function validityClaims(text: string): ValidityClaims {
  const claims: ValidityClaims = { inForce: false, ended: false };
  for (const clause of normalizeText(text).split(/[，。；！？（）()\n]/)) {
    if (!clause.trim() || CONDITIONAL_CLAUSE.test(clause.trim())) continue;
    if ([...clause.matchAll(ENDED)].length > 0) claims.ended = true;
    for (const m of clause.matchAll(IN_FORCE)) {
      if (!NEGATED.test(clause.slice(0, m.index))) claims.inForce = true;
    }
  }
  return claims;
}

/**
 * A sentence's statement about validity, checked like a figure against the texts it cites: "still
 * in force / can be applied for" is withheld when a source says the scheme expired, was repealed
 * or stopped; "expired / repealed" is withheld when no source says so.
 */
export function validityGrounded(sentence: string, evidenceTexts: string[]): boolean {
  const said = validityClaims(sentence);
  if (!said.inForce && !said.ended) return true;
  const sources = evidenceTexts.map(validityClaims);
  if (said.inForce && sources.some((s) => s.ended)) return false;
  if (said.ended && !sources.some((s) => s.ended)) return false;
  return true;
}
