/**
 * Reading the law corpus (LawRefBook Markdown: `# title`, history lines, `<!-- INFO END -->`,
 * `## 第一章` headings, `第一条 …` articles with each further paragraph (款) or item (项) on its own
 * line) for the law benchmark, pure. This is the eval's own reading of the files, kept apart from
 * the service's ingest on purpose: gold answers must not depend on the code they measure.
 *
 * File names carry the version: `经济法/中小企业促进法(2017-09-01).md`. The law is the file name
 * without folder, version date and extension; the version is the file name without folder (the
 * same text sits in two folders for a few laws, and counts as one version).
 */
import { parseChineseNumber } from "../../text/chinese-numerals.js";

export interface LawArticle {
  /** "第三十三条", "第十条之一". */
  label: string;
  /** 33 for 第三十三条; an 之一 article has its base article's number. */
  number: number;
  /**
   * The article's lines in order: the first paragraph without its label, then every further
   * paragraph (款) or item (项) as written.
   */
  paragraphs: string[];
}

export interface LawText {
  /** The `# ` line, e.g. 中华人民共和国中小企业促进法. */
  title: string;
  /** Non-empty lines between the title and `<!-- INFO END -->` (adoption, amendments). */
  history: string[];
  articles: LawArticle[];
}

const INFO_END = "<!-- INFO END -->";
const ARTICLE = /^第([零〇一二三四五六七八九十百千]+)条((?:之[一二三四五六七八九十]+)?)[ \u3000]+(.*)$/;

export function parseLawMarkdown(text: string): LawText {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const title = (lines.find((l) => l.startsWith("# ")) ?? "").slice(2).trim();
  const infoEnd = lines.findIndex((l) => l.trim() === INFO_END);
  const titleAt = lines.findIndex((l) => l.startsWith("# "));
  const history =
    infoEnd < 0
      ? []
      : lines
          .slice(titleAt + 1, infoEnd)
          .map((l) => l.trim())
          .filter(Boolean);
  const articles: LawArticle[] = [];
  let current: LawArticle | undefined;
  for (const raw of lines.slice(infoEnd + 1)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("#")) {
      current = undefined;
      continue;
    }
    const m = ARTICLE.exec(line);
    const n = m ? parseChineseNumber(m[1]) : undefined;
    if (m && n !== undefined) {
      current = { label: `第${m[1]}条${m[2]}`, number: n, paragraphs: [m[3].trim()] };
      articles.push(current);
    } else if (current) {
      current.paragraphs.push(line);
    }
  }
  return { title, history, articles };
}

/** The article of a label ("第三十三条", "第十条之一") or number (33), if the text has it. */
export function findArticle(law: LawText, which: string | number): LawArticle | undefined {
  return typeof which === "number"
    ? law.articles.find((a) => a.number === which && !a.label.includes("之"))
    : law.articles.find((a) => a.label === which);
}

const ITEM = /^[（(][一二三四五六七八九十]+[）)]/;

/**
 * The article's paragraphs (款), each with the items (项) that follow it: an item line such as
 * "（一）……" belongs to the 款 before it, so "第九条第四款" is the fourth group, not the fourth line.
 */
export function clausesOf(article: LawArticle): string[][] {
  const clauses: string[][] = [];
  for (const line of article.paragraphs) {
    if (ITEM.test(line) && clauses.length) clauses[clauses.length - 1].push(line);
    else clauses.push([line]);
  }
  return clauses;
}

/** The file name of a document id without its folder: `中小企业促进法(2017-09-01).md`. */
export function versionNameOf(docId: string): string {
  return docId.slice(docId.lastIndexOf("/") + 1);
}

/** The law a document id holds a version of: the file name without folder, version date and extension. */
export function lawKeyOf(docId: string): string {
  return versionNameOf(docId)
    .replace(/\.[A-Za-z0-9]+$/, "")
    .replace(/\(\d{4}-\d{2}-\d{2}\)$/, "")
    .trim();
}

/** The version date in a file name (yyyy-mm-dd), if it has one. */
export function versionDateOf(docId: string): string | undefined {
  return /\((\d{4}-\d{2}-\d{2})\)\.[A-Za-z0-9]+$/.exec(docId)?.[1];
}
