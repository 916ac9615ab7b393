/** Chinese numerals as used in official writing: 一…九十九 for headings, 〇/零 digits in dates. */

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  "○": 0,
  Ｏ: 0,
  O: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parse 一, 十二, 二十, 一百零五 or ASCII/full-width digits; undefined if not a numeral. */
export function parseChineseNumber(s: string): number | undefined {
  const ascii = toAsciiDigits(s);
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (s === "" || ![...s].every((ch) => ch in DIGITS || ch in UNITS)) return undefined;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in UNITS) {
      total += (digit || 1) * UNITS[ch];
      digit = 0;
    } else {
      digit = DIGITS[ch];
    }
  }
  return total + digit;
}

/** Digit-by-digit reading used for years: 二〇二一 → 2021. */
export function parseDigitString(s: string): number | undefined {
  const ascii = toAsciiDigits(s);
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (![...s].every((ch) => ch in DIGITS)) return undefined;
  return Number([...s].map((ch) => DIGITS[ch]).join(""));
}

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings never go past 99). */
export function toChineseNumber(n: number): string {
  const names = "零一二三四五六七八九";
  if (n < 10) return names[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : names[tens]}十${ones === 0 ? "" : names[ones]}`;
}

/** Full-width digits (０-９) → ASCII, for parsing only; document text is never rewritten. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
}
