/** Validity of a policy rule: when it takes effect, until when, and whether it was repealed. */
import type { DocMeta } from "../core/types.js";
import { parseChineseNumber } from "../text/chinese-numerals.js";
import { DATE_SOURCE, parseDate, validityEnd } from "./dates.js";
import { splitSentences } from "../text/sentences.js";

type Validity = Pick<DocMeta, "effectiveDate" | "expiryDate" | "validityText" | "repealed">;

const EFFECTIVE = new RegExp(`自\\s*(${DATE_SOURCE})\\s*起\\s*(?:施行|实施|执行|生效)`);
const YEARS = /有效期(?:为)?\s*([0-9０-９]+|[一二两三四五六七八九十]+)\s*年/;
const UNTIL = new RegExp(`有效期(?:至|到|截至)\\s*(${DATE_SOURCE})`);
/** The document itself (本…/该…) is repealed, not another one it names ("《…》同时废止"). */
const SELF_REPEALED = new RegExp(
  `(?:本|该)(?:规程|办法|通知|细则|规定|条例|规则|方案|意见|计划|政策|文件)(?:已|现|予以|现予|自\\s*${DATE_SOURCE}\\s*起)?\\s*(?:废止|停止执行)`,
);

export function policyValidity(text: string): Validity {
  const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end));
  const result: Validity = {};
  const effectiveSentence = findLast(sentences, (s) => EFFECTIVE.test(s));
  if (effectiveSentence) result.effectiveDate = parseDate(EFFECTIVE.exec(effectiveSentence)![1]);
  const validitySentence = findLast(sentences, (s) => /有效期/.test(s));
  if (validitySentence) {
    result.validityText = withoutArticleLabel(validitySentence);
    result.expiryDate = expiry(validitySentence, result.effectiveDate);
  } else if (effectiveSentence) {
    result.validityText = withoutArticleLabel(effectiveSentence);
  }
  const repeal = sentences.find((s) => SELF_REPEALED.test(s));
  if (repeal) {
    result.repealed = true;
    result.validityText = withoutArticleLabel(repeal);
  }
  return dropUndefined(result);
}

function expiry(sentence: string, effective?: string): string | undefined {
  const until = UNTIL.exec(sentence);
  if (until) return parseDate(until[1]);
  const years = YEARS.exec(sentence);
  const n = years ? parseChineseNumber(years[1]) : undefined;
  // "有效期3年" counts from the effective date stated in the same or an earlier sentence.
  const start = parseDate(sentence) ?? effective;
  return n && start ? validityEnd(start, n) : undefined;
}

/** "第十五条 本规程自…" → "本规程自…": the label is structure, not part of the statement. */
function withoutArticleLabel(s: string): string {
  return s.replace(/^第[一二三四五六七八九十百零〇]+条\s*/, "");
}

function findLast(items: string[], pred: (s: string) => boolean): string | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i])) return items[i];
  return undefined;
}

function dropUndefined(v: Validity): Validity {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as Validity;
}
