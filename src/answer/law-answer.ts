/**
 * Questions about a law answered from its structure, offline and exactly: an article (every 款)
 * or one 款/项 of it, the same article in two versions side by side, or the law's versions and
 * in-force date. The version is the one asked for, else the one in force on the day; the answer
 * says which it is and that others exist. A law or article the corpus lacks is refused plainly.
 * Pure: the catalog and the day are given.
 */
import type { Answer, Citation, Heading, LawArticle, ParsedDocument } from "../core/types.js";
import { normalizeText } from "../text/normalize.js";
import { renderSectionPath } from "../text/section-path.js";
import { toChineseNumber } from "../text/chinese-numerals.js";
import { chineseDate } from "./citations.js";
import {
  abbreviatedLaw,
  findArticle,
  lastArticleNumber,
  nameKey,
  type LawCatalog,
  type LawEntry,
  type LawVersion,
} from "./law-catalog.js";
import {
  articleRefs,
  askedArticles,
  askedDay,
  asksDifference,
  asksValidity,
  askedPart,
  documentNameWritten,
  lawNameWritten,
  type ArticleRef,
  type PartRef,
} from "./law-question.js";
import { parseChineseNumber } from "../text/chinese-numerals.js";
import {
  askedVersions,
  asksPreviousVersion,
  isoDay,
  versionForYear,
  versionInForce,
  type ChosenVersion,
  type VersionChoice,
} from "./law-versions.js";
import { REFUSAL_PREFIX } from "./types.js";

/** The answer to a law question, or undefined when the question is not one (then it is searched as usual). */
export function answerLawQuestion(question: string, catalog: LawCatalog, today: Date): Answer | undefined {
  if (catalog.size === 0) return undefined;
  const q = normalizeText(question);
  const refs = articleRefs(q);
  const written = refs.length > 0 ? lawNameWritten(q) : undefined;
  const law = namedLaw(catalog, question, written);
  if (!law) {
    if (written) return refuse(`${REFUSAL_PREFIX}《${written}》：知识库中没有这部法律法规。`);
    // A question about a named text the knowledge base does not hold ("中小企业划型标准规定里…") is
    // not answered from whatever else mentions its words.
    const named = refs.length === 0 ? documentNameWritten(q) : undefined;
    if (named && !catalog.speaksOf(named)) return refuse(`${REFUSAL_PREFIX}《${named}》：知识库中没有这份文件。`);
    return undefined;
  }
  // "2023年10月1日施行的是哪个版本": the day asked about stands for today.
  const day = askedDay(q) ?? isoDay(today);
  if (refs.length === 0) {
    if (asksValidity(question)) return versionFacts(law, day, isoDay(today));
    const part = askedPart(q);
    if (!part) return undefined;
    const choice = chooseVersion(law, q, day);
    if ("missingYear" in choice) return refuse(missingVersion(law, choice));
    return partAnswer(law, choice, part, day, today);
  }
  const asked = askedVersions(q);
  const articles = askedArticles(q);
  // "第3条和第4条有什么区别" compares two articles, quoted side by side; one article's 变化 is across versions.
  const oneArticle = new Set(articles.map((r) => `${r.number}之${r.sub ?? 0}`)).size === 1;
  if (asksDifference(q) && law.versions.length > 1 && oneArticle) return compareVersions(law, refs[0], asked, day);
  const choice = chooseVersion(law, q, day);
  if ("missingYear" in choice) return refuse(missingVersion(law, choice));
  return articleAnswer(law, choice, articles, day, today);
}

/**
 * The law the question is about. When it writes a name before the article (or in 《》), that name
 * must end with the law's name: 浙江省实施《…代表法》办法 is not the 代表法 itself, and a law the
 * corpus lacks is not answered by another whose name it contains.
 */
function namedLaw(catalog: LawCatalog, question: string, written: string | undefined): LawEntry | undefined {
  const hits = catalog.named(question);
  if (!written) return hits[0]?.law;
  const key = nameKey(written);
  const q = nameKey(question);
  // The written name ends with the law's, or is the end of it (a name cut at a 、 or a comma); a
  // place written before the name (温州市物业管理条例) makes it another, local, text.
  const hit = hits.find((h) => {
    const alias = q.slice(h.at, h.end);
    if (alias.endsWith(key)) return true;
    return key.endsWith(alias) && !LOCAL_QUALIFIER.test(key.slice(0, key.length - alias.length));
  });
  return hit?.law ?? abbreviatedLaw(catalog, written);
}

/** What turns a national name into a local text's: 温州市, 广东省, 深圳经济特区, 河南省实施. */
const LOCAL_QUALIFIER = /(?:省|市|自治区|自治州|自治县|县|区|州|盟|旗|特区|实施)$/;

function chooseVersion(law: LawEntry, q: string, day: string): VersionChoice {
  const asked = askedVersions(q);
  if (asked.length > 0) return versionForYear(law, asked[0]);
  const current = versionInForce(law, day);
  if (asksPreviousVersion(q) && "version" in current) {
    const i = law.versions.indexOf(current.version);
    if (i > 0) return { version: law.versions[i - 1], asked: true };
  }
  return current;
}

/**
 * The articles (or 款, 项) asked, each quoted whole with its path, then which version they are
 * from. One the version lacks is said to be missing beside the others; if none is there, refused.
 */
function articleAnswer(law: LawEntry, choice: ChosenVersion, refs: ArticleRef[], day: string, today: Date): Answer {
  const { version } = choice;
  const name = `《${law.name}》`;
  const citations: Citation[] = [];
  const blocks: string[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const found = findArticle(version, ref.number, ref.sub);
    if (!found) {
      const last = lastArticleNumber(version);
      const count = last > 0 ? `共${toChineseNumber2(last)}条，` : "";
      missing.push(`${name}${articleLabel(ref)}：${versionLabel(version)}${count}没有这一条。`);
      continue;
    }
    const part = partOf(found.doc, found.article, ref);
    if ("missing" in part) {
      missing.push(`${name}${found.article.label}${part.missing}。`);
      continue;
    }
    const citation = cite(citations.length + 1, found.doc, part.start, part.end, part.path);
    citations.push(citation);
    blocks.push(`${name}${part.label}（${citation.section}）规定：\n${citation.quote}[${citation.n}]`);
  }
  if (citations.length === 0) return refuse(`${REFUSAL_PREFIX}${missing[0]}`);
  const note = versionNote(law, choice, day, isoDay(today));
  const sources = noteSources(law, version, note, citations.length + 1);
  const marks = sources.map((c) => `[${c.n}]`).join("");
  const lacking = missing.length > 0 ? `\n另：${missing.join("")}` : "";
  const text = `${blocks.join("\n")}${lacking}\n${note}${marks}`;
  return { answer: text, refused: false, citations: [...citations, ...sources] };
}

/**
 * A chapter (编, 章, 节) asked about: its heading quoted from the text, the articles it holds (first
 * and last, quoted as labels), and the titles of the sections within it. Its articles are not all
 * quoted: a chapter runs to dozens of them; the staff member asks for one next.
 */
function partAnswer(law: LawEntry, choice: ChosenVersion, part: PartRef, day: string, today: Date): Answer {
  const { version } = choice;
  const name = `《${law.name}》`;
  const asked = part.units.map((u) => `第${toChineseNumber(u.number)}${u.unit}`).join("");
  // The articles under every unit asked, in the version's order, with the heading of the innermost.
  const matches = version.docs.flatMap((doc) =>
    doc.law!.articles.flatMap((article) => {
      const headings = part.units.map((u) => article.path.find((h) => headingUnit(h.label, u.unit) === u.number));
      return headings.every(Boolean) ? [{ doc, article, heading: headings[headings.length - 1]! }] : [];
    }),
  );
  if (matches.length === 0) {
    const unit = part.units[0].unit;
    const articles = version.docs.flatMap((d) => d.law!.articles);
    const count = new Set(articles.flatMap((a) => a.path.map((h) => headingUnit(h.label, unit))));
    count.delete(undefined);
    // A count of chapters says nothing when they are numbered within each 编 (刑法, 民法典).
    const nested = unit !== "编" && articles.some((a) => a.path.some((h) => /^第.+(?:分编|编)$/.test(h.label.trim())));
    const have =
      part.units.length === 1 && count.size > 0 && !nested && version.docs.length === 1
        ? `共${toChineseNumber(count.size)}${unit}，`
        : "";
    return refuse(`${REFUSAL_PREFIX}${name}${asked}：${versionLabel(version)}${have}没有这一部分。`);
  }
  const { doc, heading } = matches[0];
  const first = matches[0].article;
  // One part only: the first match's, in its document (刑法's 第一章 of 第一编, not of 第二编 too).
  const depth = first.path.indexOf(heading);
  const key = (a: LawArticle) =>
    a.path
      .slice(0, depth + 1)
      .map((h) => h.label)
      .join(">");
  const inPart = matches.filter((m) => m.doc === doc && key(m.article) === key(first));
  // 第一章 of a law in 编 (刑法, 民法典) is one chapter in each: which one is asked must be said.
  const parts = new Set(matches.map((m) => `${m.doc.docId}|${key(m.article)}`));
  if (parts.size > 1)
    return refuse(
      `${REFUSAL_PREFIX}${name}${asked}：该法分编，各编都有${asked}，请指明是哪一编的（如“第二编${asked}”）。`,
    );
  const last = inPart[inPart.length - 1].article;
  // The heading line as the text writes it, the last one before the part's first article.
  const headingAt = headingPosition(doc.text, heading, first.start);
  const citations: Citation[] = [];
  const path = first.path.slice(0, depth + 1);
  if (headingAt) citations.push(cite(1, doc, headingAt.start, headingAt.end, path.slice(0, -1)));
  const firstCite = cite(citations.length + 1, doc, first.start, first.start + first.label.length, first.path);
  citations.push(firstCite);
  const lastCite =
    last === first ? undefined : cite(citations.length + 1, doc, last.start, last.start + last.label.length, last.path);
  if (lastCite) citations.push(lastCite);
  const inner = [
    ...new Set(
      inPart.flatMap(({ article }) => {
        const below = article.path.slice(depth + 1, -1).find((h) => h.title);
        return below ? [`${below.label} ${below.title}`.trim()] : [];
      }),
    ),
  ];
  const title = headingAt ? `“${citations[0].quote.trim()}”[1]` : `“${`${heading.label} ${heading.title}`.trim()}”`;
  // No count of articles: a figure the text does not write is not shown (grounding).
  const range = lastCite
    ? `${firstCite.quote}[${firstCite.n}]至${lastCite.quote}[${lastCite.n}]`
    : `${firstCite.quote}[${firstCite.n}]`;
  const lines = [`${name}${asked}为${title}，含${range}。`];
  if (inner.length > 0) lines.push(`下设：${inner.join("；")}。`);
  const note = versionNote(law, choice, day, isoDay(today));
  const sources = noteSources(law, version, note, citations.length + 1);
  lines.push(`${note}${sources.map((c) => `[${c.n}]`).join("")}`);
  citations.push(...sources);
  return { answer: lines.join("\n"), refused: false, citations };
}

/** The number of a heading label of the unit (第三章 → 3 for 章), or undefined. */
function headingUnit(label: string, unit: string): number | undefined {
  const m = new RegExp(`^第([一二三四五六七八九十百零〇\\d]+)${unit}$`).exec(label.trim());
  if (!m) return undefined;
  return /^\d+$/.test(m[1]) ? Number(m[1]) : parseChineseNumber(m[1]);
}

/** Where a heading's line stands in the text: its last occurrence before `before`. */
function headingPosition(text: string, heading: Heading, before: number): { start: number; end: number } | undefined {
  const start = text.lastIndexOf(heading.label, before);
  if (start < 0) return undefined;
  const lineEnd = text.indexOf("\n", start);
  const end = lineEnd < 0 || lineEnd > before ? before : lineEnd;
  const line = text.slice(start, end).trimEnd();
  return line.length > 0 ? { start, end: start + line.length } : undefined;
}

/** The whole article, or the 款 / 项 asked for. */
function partOf(
  doc: ParsedDocument,
  article: LawArticle,
  ref: ArticleRef,
): { start: number; end: number; label: string; path: Heading[] } | { missing: string } {
  const whole = { start: article.start, end: article.end, label: article.label, path: article.path };
  if (!ref.paragraph && !ref.item) return whole;
  const level = article.path.length + 1;
  let start = article.start;
  let end = article.end;
  let label = article.label;
  let path = article.path;
  let items = article.paragraphs.flatMap((p) => p.items);
  if (ref.paragraph) {
    const p = article.paragraphs[ref.paragraph - 1];
    if (!p)
      return {
        missing: `只有${toChineseNumber(article.paragraphs.length)}款，没有第${toChineseNumber(ref.paragraph)}款`,
      };
    ({ start, end } = p);
    label += `第${toChineseNumber(ref.paragraph)}款`;
    path = [...path, { label: `第${toChineseNumber(ref.paragraph)}款`, title: "", level }];
    items = p.items;
  }
  if (ref.item) {
    const item = items[ref.item - 1];
    if (!item) return { missing: `没有第（${toChineseNumber(ref.item)}）项` };
    ({ start, end } = item);
    label += `第（${toChineseNumber(ref.item)}）项`;
    path = [...path, { label: item.label, title: "", level: path.length + 1 }];
  }
  return { start, end, label, path };
}

/** One article in two versions, side by side: the ones asked for, else the one before the current and the current. */
function compareVersions(law: LawEntry, ref: ArticleRef, asked: ReturnType<typeof askedVersions>, day: string): Answer {
  const current = versionInForce(law, day);
  const currentVersion = "version" in current ? current.version : law.versions[law.versions.length - 1];
  let pair: LawVersion[];
  if (asked.length >= 2) {
    const chosen = asked.map((a) => versionForYear(law, a));
    const missing = chosen.find((c) => "missingYear" in c);
    if (missing && "missingYear" in missing) return refuse(missingVersion(law, missing));
    pair = chosen.map((c) => (c as { version: LawVersion }).version);
  } else if (asked.length === 1) {
    const c = versionForYear(law, asked[0]);
    if ("missingYear" in c) return refuse(missingVersion(law, c));
    const i = law.versions.indexOf(c.version);
    const other = asked[0].relation === "before" ? law.versions[i + 1] : (law.versions[i - 1] ?? law.versions[i + 1]);
    pair = [c.version, other ?? currentVersion];
  } else {
    const i = law.versions.indexOf(currentVersion);
    pair = i > 0 ? [law.versions[i - 1], currentVersion] : [currentVersion, law.versions[i + 1]];
  }
  pair.sort((a, b) => (a.date ?? "").localeCompare(b.date ?? ""));
  const citations: Citation[] = [];
  const blocks: string[] = [];
  for (const version of pair) {
    const found = findArticle(version, ref.number, ref.sub);
    if (!found) {
      blocks.push(`【${versionLabel(version)}】没有${articleLabel(ref)}。`);
      continue;
    }
    const c = cite(citations.length + 1, found.doc, found.article.start, found.article.end, found.article.path);
    citations.push(c);
    blocks.push(`【${versionLabel(version)}】${c.quote}[${c.n}]`);
  }
  if (citations.length === 0) {
    return refuse(
      `${REFUSAL_PREFIX}《${law.name}》${articleLabel(ref)}：${pair.map(versionLabel).join("和")}都没有这一条。`,
    );
  }
  const same =
    citations.length === 2 && stripLabel(citations[0].quote) === stripLabel(citations[1].quote)
      ? "两个版本的条文相同。"
      : citations.length === 2
        ? "两个版本的条文不同（修订时条文可能重新编号，请对照阅读）。"
        : "";
  const text = `《${law.name}》${articleLabel(ref)}在两个版本中的条文对照：\n${blocks.join("\n")}\n${same}`;
  return { answer: text.trim(), refused: false, citations };
}

/** The law's versions and the one in force, citing the 施行 article or the history lines. */
function versionFacts(law: LawEntry, day: string, today: string): Answer {
  const choice = versionInForce(law, day);
  const version = "version" in choice ? choice.version : law.versions[law.versions.length - 1];
  const doc = version.docs[0];
  const citations: Citation[] = [];
  const history = historySpan(doc);
  if (history) citations.push(cite(1, doc, history.start, history.end, []));
  const effectiveArticle = effectiveArticleOf(doc);
  if (effectiveArticle)
    citations.push(
      cite(citations.length + 1, doc, effectiveArticle.start, effectiveArticle.end, effectiveArticle.path),
    );
  const note = versionNote(law, { version, asked: false }, day, today)
    .replace(/^（引用的是/, "")
    .replace(/）$/, "");
  const events = history
    ? doc.text
        .slice(history.start, history.end)
        .replace(/\n\s*\n/g, "\n")
        .trim()
    : "";
  const lines = [`《${law.name}》：知识库中的${note}`];
  if (events) lines.push(`沿革：\n${events}[1]`);
  if (effectiveArticle) lines.push(`施行条款：${citations[citations.length - 1].quote.trim()}[${citations.length}]`);
  if (citations.length === 0) return refuse(`${REFUSAL_PREFIX}《${law.name}》的施行日期和版本沿革。`);
  return { answer: lines.join("\n"), refused: false, citations };
}

/**
 * Citations for every date a version note states (the version's own, its 施行 date, the other
 * versions'): the history lines at the head of each version, and the 施行 article when the note
 * names a date the history does not. A date shown beside a law is a figure like any other: it is
 * quoted from the text, never only derived from a file name.
 */
function noteSources(law: LawEntry, chosen: LawVersion, note: string, firstN: number): Citation[] {
  const dates = [...note.matchAll(/\d{4}年\d{1,2}月\d{1,2}日/g)].map((m) => m[0]);
  const citations: Citation[] = [];
  const covered = () => citations.map((c) => c.quote).join("\n");
  const add = (doc: ParsedDocument, start: number, end: number, path: Heading[]) =>
    citations.push(cite(firstN + citations.length, doc, start, end, path));
  for (const version of [chosen, ...law.versions.filter((v) => v !== chosen)]) {
    const doc = version.docs[0];
    if (dates.every((d) => covered().includes(d))) break;
    const history = historySpan(doc);
    const missing = dates.filter((d) => !covered().includes(d));
    if (history && missing.some((d) => doc.text.slice(history.start, history.end).includes(d)))
      add(doc, history.start, history.end, []);
    const effective = effectiveArticleOf(doc);
    const stillMissing = dates.filter((d) => !covered().includes(d));
    if (effective && stillMissing.some((d) => doc.text.slice(effective.start, effective.end).includes(d)))
      add(doc, effective.start, effective.end, effective.path);
  }
  return citations;
}

/** The article that says when the law takes effect: the last one naming 施行, 生效 or 实施. */
function effectiveArticleOf(doc: ParsedDocument): LawArticle | undefined {
  return [...doc.law!.articles].reverse().find((a) => /施行|生效|实施/.test(doc.text.slice(a.start, a.end)));
}

/** The adoption and amendment lines between the title and the first chapter or article. */
function historySpan(doc: ParsedDocument): { start: number; end: number } | undefined {
  const head = doc.text.slice(0, doc.law!.articles[0]?.start ?? 0);
  let start: number | undefined;
  let end = 0;
  let pos = 0;
  for (const line of head.split("\n")) {
    if (pos > 0 && /\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年/.test(line)) {
      start ??= pos;
      end = pos + line.trimEnd().length;
    }
    pos += line.length + 1;
  }
  return start === undefined ? undefined : { start, end };
}

/** Which version is quoted, whether it is in force, and which others the corpus holds. */
function versionNote(law: LawEntry, choice: ChosenVersion, day: string, currentDay = day): string {
  const { version } = choice;
  const parts = [`引用的是${versionLabel(version)}`];
  const effective = chineseDate(version.info.effectiveDate);
  if (version.start && version.start > day) parts.push(`尚未施行（自${chineseDate(version.start)}起施行）`);
  else if (version.info.repealed) parts.push("已废止");
  else {
    const current = versionInForce(law, day);
    const inForce = "version" in current && current.version === version;
    if (effective && version.info.effectiveDate === version.start) parts.push(`自${effective}起施行`);
    if (inForce) parts.push(day === currentDay ? "为现行有效版本" : `为${chineseDate(day)}时有效的版本`);
    else if ("version" in current) parts.push(`已被${versionLabel(current.version)}取代`);
  }
  const others = law.versions.filter((v) => v !== version);
  const tail = others.length > 0 ? `知识库中还有其他版本：${others.map(versionLabel).join("、")}。` : "";
  return `（${parts.join("，")}。${tail}）`;
}

/** 2017年9月1日修订版. */
export function versionLabel(version: LawVersion): string {
  if (!version.date) return "现有版本";
  const event = [...version.info.history].reverse().find((e) => e.date === version.date);
  const action = event && event.action !== "施行" ? event.action : "";
  return `${chineseDate(version.date)}${action}版`;
}

function missingVersion(law: LawEntry, choice: { missingYear: number; before?: boolean }): string {
  const have = law.versions.map(versionLabel).join("、");
  const what = choice.before ? `${choice.missingYear}年以前的版本` : `${choice.missingYear}年的版本`;
  return `${REFUSAL_PREFIX}《${law.name}》${what}：知识库中只有${have}。`;
}

function cite(n: number, doc: ParsedDocument, start: number, end: number, path: Heading[]): Citation {
  return {
    n,
    docId: doc.docId,
    title: doc.meta.title,
    date: doc.meta.date,
    section: renderSectionPath(path),
    quote: doc.text.slice(start, end),
    start,
    end,
  };
}

function refuse(answer: string): Answer {
  return { answer, refused: true, citations: [], nearest: [] };
}

function articleLabel(ref: ArticleRef): string {
  const sub = ref.sub ? `之${toChineseNumber(ref.sub)}` : "";
  const paragraph = ref.paragraph ? `第${toChineseNumber(ref.paragraph)}款` : "";
  return `第${toChineseNumber2(ref.number)}条${sub}${paragraph}`;
}

function stripLabel(s: string): string {
  return s.replace(/^第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?\s*/, "").replace(/\s+/g, "");
}

/** Chinese numerals past 99 (articles run into the thousands): 1165 → 一千一百六十五. */
export function toChineseNumber2(n: number): string {
  if (n < 100) return toChineseNumber(n);
  const digits = "零一二三四五六七八九";
  const units = ["", "十", "百", "千"];
  const s = String(n);
  let out = "";
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const unit = units[s.length - 1 - i];
    if (d === 0) zero = true;
    else {
      if (zero && out) out += "零";
      zero = false;
      out += digits[d] + unit;
    }
  }
  return out;
}
