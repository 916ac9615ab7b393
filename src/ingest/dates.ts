/** Dates as written in Chinese documents → ISO yyyy-mm-dd. */
import { parseChineseNumber, parseDigitString } from "../text/chinese-numerals.js";

const ARABIC = String.raw`([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日`;
const CHINESE = String.raw`([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日`;
/** Matches one date in either style; groups 1-3 arabic, 4-6 Chinese. */
export const DATE_SOURCE = `(?:${ARABIC}|${CHINESE})`;

/** All dates in text, in order, with their offsets. */
export function findDates(text: string): Array<{ iso: string; index: number; length: number }> {
  const found: Array<{ iso: string; index: number; length: number }> = [];
  for (const m of text.matchAll(new RegExp(DATE_SOURCE, "g"))) {
    const iso = matchToIso(m);
    if (iso) found.push({ iso, index: m.index ?? 0, length: m[0].length });
  }
  return found;
}

/** The ISO date if `line` is nothing but a date (a signature date line). */
export function standaloneDate(line: string): string | undefined {
  const m = new RegExp(`^${DATE_SOURCE}$`).exec(line.trim());
  return m ? matchToIso(m) : undefined;
}

/** The first date in `s`, if any. */
export function parseDate(s: string): string | undefined {
  return findDates(s)[0]?.iso;
}

function matchToIso(m: RegExpMatchArray): string | undefined {
  const year = m[1] !== undefined ? parseDigitString(m[1]) : parseDigitString(m[4]);
  const month = parseChineseNumber(m[1] !== undefined ? m[2] : m[5]);
  const day = parseChineseNumber(m[1] !== undefined ? m[3] : m[6]);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return toIso(year, month, day);
}

function toIso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Last day of a validity period of `years` starting on `iso` (start + years − 1 day). */
export function validityEnd(iso: string, years: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d) - 24 * 3600 * 1000);
  return toIso(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate());
}
