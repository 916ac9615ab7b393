/**
 * Recognizes heading lines of Chinese official writing. Each marker type nests in the order
 * it is first seen (see structure.ts); here we only say which type a line starts with.
 */
import type { Heading } from "../core/types.js";
import { toChineseNumber } from "../text/chinese-numerals.js";

export type MarkerType = "chapter" | "section" | "article" | "cn" | "cnParen" | "arabic" | "arabicParen";

export interface HeadingMatch {
  type: MarkerType;
  label: string;
  title: string;
}

const NUM = "[一二三四五六七八九十百零〇两]+";
const PATTERNS: Array<{ type: MarkerType; re: RegExp; label: (m: RegExpExecArray) => string }> = [
  { type: "chapter", re: new RegExp(`^第${NUM}章`), label: (m) => m[0] },
  { type: "section", re: new RegExp(`^第${NUM}节`), label: (m) => m[0] },
  { type: "article", re: new RegExp(`^第${NUM}条`), label: (m) => m[0] },
  { type: "cn", re: /^([一二三四五六七八九十]+)、/, label: (m) => m[1] },
  { type: "cnParen", re: /^[（(][一二三四五六七八九十]+[）)]/, label: (m) => m[0] },
  { type: "arabic", re: /^\d{1,2}\s*[.．、](?![\d０-９])/, label: (m) => m[0].replace(/\s+/g, "") },
  { type: "arabicParen", re: /^[（(]\d{1,2}[）)]/, label: (m) => m[0] },
];

/** A standalone "关于……的建议" line: a top-level heading written without its numeral. */
const UNNUMBERED_TOP = /^关于.{2,}的(建议|提案|意见)$/;
const TITLE_END = /[。；;]/;
const TITLE_MAX_CHARS = 60;

/**
 * Heading at the start of a trimmed line, or undefined. `topCount` is how many "cn" headings
 * were seen so far, used to number an unnumbered 关于……的建议 heading.
 */
export function matchHeading(line: string, topCount: number): HeadingMatch | undefined {
  if (UNNUMBERED_TOP.test(line)) {
    return { type: "cn", label: toChineseNumber(topCount + 1), title: line };
  }
  for (const p of PATTERNS) {
    const m = p.re.exec(line);
    if (!m) continue;
    // An article's text follows its label on the same line; that text is body, not a title.
    const title = p.type === "article" ? "" : titleOf(line.slice(m[0].length).trim());
    return { type: p.type, label: p.label(m), title };
  }
  return undefined;
}

/** Title = text up to the first 。 (exclusive); the rest of the line is body in the section. */
function titleOf(rest: string): string {
  const end = rest.search(TITLE_END);
  return (end < 0 ? rest : rest.slice(0, end)).slice(0, TITLE_MAX_CHARS);
}

/** Heading for the n-th paragraph (款) of an article; the article line itself is 第一款. */
export function paragraphHeading(n: number, level: number): Heading {
  return { label: `第${toChineseNumber(n)}款`, title: "", level };
}
