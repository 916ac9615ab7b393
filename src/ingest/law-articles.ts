/**
 * Articles of a legal text: 编/分编/章/节 headings, 第N条 articles, each article's paragraphs (款:
 * every further line) and items (项: lines opening with （一）). Pure; spans point into the text.
 *
 * The generic structure parser files a paragraph that follows an article's items under the last
 * item; here a line is an item only when it opens with an item marker, so every 款 is counted.
 */
import type { Heading, LawArticle, LawParagraph } from "../core/types.js";
import { parseChineseNumber } from "../text/chinese-numerals.js";

const NUM = "[一二三四五六七八九十百千零〇两0-9０-９]+";
const PART = new RegExp(`^第(${NUM})(编|分编|章|节)[\\s\\u3000]*([^。；]{0,40})$`);
/** An article opens a line; a line opening "第三条规定的…" refers to one instead. */
const ARTICLE = new RegExp(`^第(${NUM})条(?:之([一二三四五六七八九十]+))?(?![的规所中至、，,和及或第])`);
const ITEM = /^[（(]([一二三四五六七八九十]+)[）)]/;
/** Matter after the articles (附件, 附表, 附录) ends the last article. */
const APPENDIX = /^附\s*(?:件|表|录|：|:)/;
const RANK: Record<string, number> = { 编: 0, 分编: 1, 章: 2, 节: 3 };

interface Line {
  start: number;
  end: number;
  content: string;
}

export function parseLawArticles(text: string): LawArticle[] {
  const articles: LawArticle[] = [];
  const parts: Array<{ rank: number; heading: Heading }> = [];
  let current: LawArticle | undefined;
  for (const line of lines(text)) {
    const part = PART.exec(line.content);
    const article = ARTICLE.exec(line.content);
    if (part || article || APPENDIX.test(line.content)) current = undefined;
    if (part) {
      const rank = RANK[part[2]];
      while (parts.length > 0 && parts[parts.length - 1].rank >= rank) parts.pop();
      parts.push({ rank, heading: { label: `第${part[1]}${part[2]}`, title: (part[3] ?? "").trim(), level: 0 } });
      continue;
    }
    if (article) {
      const number = parseChineseNumber(article[1]);
      if (number === undefined) continue;
      const label = article[0];
      const path = [...parts.map((p) => p.heading), { label, title: "", level: 0 }].map((h, i) => ({
        ...h,
        level: i + 1,
      }));
      current = { label, number, start: line.start, end: line.end, path, paragraphs: [paragraph(line)] };
      if (article[2]) current.sub = parseChineseNumber(article[2]);
      articles.push(current);
      continue;
    }
    if (!current) continue;
    current.end = line.end;
    const item = ITEM.exec(line.content);
    const last = current.paragraphs[current.paragraphs.length - 1];
    if (item) {
      last.items.push({ label: item[0], start: line.start, end: line.end });
      last.end = line.end;
    } else current.paragraphs.push(paragraph(line));
  }
  return articles;
}

/** A 编/分编/章/节 heading line: its words are on every article's path below it. */
export function isPartHeading(line: string): boolean {
  return PART.test(line.trim());
}

function paragraph(line: Line): LawParagraph {
  return { start: line.start, end: line.end, items: [] };
}

/** Non-blank lines with their trimmed spans. */
function lines(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  for (const raw of text.split("\n")) {
    const lead = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (content !== "") out.push({ start: pos + lead, end: pos + lead + content.length, content });
    pos += raw.length + 1;
  }
  return out;
}
