import { parseChineseNumber, parseDigitString } from "./chinese-numerals.js";

/**
 * Query and index text normalization. Both sides go through the same function so that
 * "五百万" meets "500万", "３０％" meets "30%" and "深工信规[2019]3号" meets "深工信规〔2019〕3号".
 * Offsets are not preserved: this text is only ever used for matching, never quoted.
 */

const NUMERAL_RUN = /[零〇一二两三四五六七八九十百千]+/g;
/** Characters after which a numeral run is a quantity, not part of a word like 统一 or 一是. */
const QUANTITY_AFTER = new Set([..."万亿元角分家个项年月日号条章节款倍天次名人所批届期类座种件台套位周岁%"]);

/** Value of a numeral run such as 三十, 一千二百, 十五, 二〇二一; NaN if it is not a number. */
export function chineseNumeralValue(run: string): number {
  // Two or more bare digits are read digit by digit, as in years: 二〇二一 → 2021.
  const value = /^[零〇一二三四五六七八九]{2,}$/.test(run) ? parseDigitString(run) : parseChineseNumber(run);
  return value ?? NaN;
}

function convertNumerals(text: string): string {
  let out = text.replace(/百分之([零〇一二两三四五六七八九十百]+)/g, (m, run: string) => {
    const v = chineseNumeralValue(run);
    return Number.isNaN(v) ? m : `${v}%`;
  });
  out = out.replace(NUMERAL_RUN, (run, offset: number, whole: string) => {
    // "百分之几" asks for a percentage; its 百 is not the number 100. Nor is the 百 of the words
    // 百分比 and 百分点 (分 after a number is otherwise a unit: 五角五分).
    if (whole.startsWith("分之", offset + run.length)) return run;
    if (run === "百" && whole[offset + run.length] === "分") return run;
    const before = whole[offset - 1];
    const after = whole[offset + run.length];
    const quantity = before === "第" || (after !== undefined && QUANTITY_AFTER.has(after));
    if (!quantity) return run;
    // A lone 一 before 个/次/批 etc. is usually an article ("一批项目"), still a quantity; keep it.
    const v = chineseNumeralValue(run);
    return Number.isNaN(v) ? run : String(v);
  });
  return out;
}

/** Brackets around the year of a document number, in any width or style, become 〔〕. */
export function normalizeDocNumberBrackets(text: string): string {
  return text.replace(/[〔[(（［【]\s*((?:19|20)\d{2})\s*[〕\])）］】]/g, "〔$1〕");
}

/**
 * Traditional forms that turn up in simplified-Chinese text (a conversion artifact: ncpqa writes
 * 後 for 后 in a quarter of its documents, never both in one) folded to the simplified form, so
 * 疫情结束后 meets 疫情结束後. Only characters with a single simplified counterpart, whose
 * simplified text never uses the traditional form for another meaning.
 */
const VARIANT_FOLDS: Readonly<Record<string, string>> = {
  後: "后",
  裏: "里",
  裡: "里",
  爲: "为",
  為: "为",
  綫: "线",
  衆: "众",
  麽: "么",
};
const VARIANTS = new RegExp(`[${Object.keys(VARIANT_FOLDS).join("")}]`, "g");

/** Simplified forms for the traditional variants of VARIANT_FOLDS; length-preserving. */
function foldVariants(text: string): string {
  return text.replace(VARIANTS, (c) => VARIANT_FOLDS[c] ?? c);
}

/** Full normalization for matching: NFKC width folding, variant characters, numerals, brackets, no spaces in numbers. */
export function normalizeText(text: string): string {
  let out = foldVariants(text.normalize("NFKC"));
  out = normalizeDocNumberBrackets(out);
  out = convertNumerals(out);
  out = out.replace(/(\d),(?=\d{3}\b)/g, "$1");
  return out.toLowerCase();
}
