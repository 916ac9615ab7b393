/**
 * Laws, regulations and judicial interpretations as structured documents: recognised by a title
 * ending in 法/条例/规定/办法/解释… with 第N条 articles; name, level, issuer, version and in-force
 * date from the folder, the title, the history lines and the 施行 article. Pure.
 */
import type { LawEvent, LawInfo, LawLevel } from "../core/types.js";
import { findDates, parseDate } from "./dates.js";
import { parseLawArticles } from "./law-articles.js";

const LAW_TITLE =
  /(法|法典|条例|规定|办法|解释|细则|规则|决定|通则|准则|批复|纲要|章程|修正案)(?:[（(][^）)]{1,12}[）)])*$/;
/** Articles a text needs before it counts as a legal text. */
const MIN_ARTICLES = 2;
const ACTIONS = ["修订", "修正", "公布", "通过", "批准", "发布", "施行", "废止"];
const EFFECTIVE =
  /本(?:法|条例|规定|办法|解释|细则|规则|决定|通则|准则|批复|规程)?(?:自|于)\s*(.{0,40}?)\s*起?(?:施行|实施|生效)/;
/** A history note saying the text itself is no longer in force (not a 《关于废止…》 decision it cites). */
const REPEALED = /(?:已|现已|业已)(?:被)?(?:废止|失效)|(?:^|\n)[（(]?(?:废止|失效)[）)]?(?:\n|$)/;
const FOLDER_LEVELS: Array<[RegExp, LawLevel]> = [
  [/(^|\/)(司法解释)\//, "judicial_interpretation"],
  [/(^|\/)行政法规\//, "administrative_regulation"],
  [/(^|\/)部门规章\//, "departmental_rule"],
  [/(^|\/)(地方性法规|地方法规|[^/]*地方法规)\//, "local_regulation"],
  [/(^|\/)(宪法相关法|民法典|民法商法|经济法|社会法|行政法|刑法|诉讼与非诉讼程序法)\//, "law"],
];
const ISSUERS: Array<[RegExp, LawLevel]> = [
  [/最高人民法院|最高人民检察院/, "judicial_interpretation"],
  [/(?:省|市|自治区|自治州|县|特区)[^，。\s]{0,12}人民代表大会(?:常务委员会)?/, "local_regulation"],
  [/全国人民代表大会(?:常务委员会)?/, "law"],
  [/国务院(?:令|常务会议|第)|国务院/, "administrative_regulation"],
  [/(?:部|委员会|总局|署|局|银行)(?:令|务会议|委务会议|局务会议)/, "departmental_rule"],
];

/** The law a document is, or undefined when it is not a legal text. */
export function parseLaw(title: string, text: string, relPath: string): LawInfo | undefined {
  const name = cleanName(title);
  if (!LAW_TITLE.test(name)) return undefined;
  const articles = parseLawArticles(text);
  if (articles.length < MIN_ARTICLES) return undefined;
  const head = text.slice(0, articles[0].start);
  const history = historyOf(head);
  const issuer = issuerOf(head);
  const law: LawInfo = {
    name,
    shortName: name.replace(/^中华人民共和国/, ""),
    level: levelOf(name, relPath, issuer),
    history,
    articles,
  };
  if (issuer) law.issuer = issuer;
  const versionDate = fileNameDate(relPath) ?? latest(history.filter((e) => e.action !== "施行"));
  if (versionDate) law.versionDate = versionDate;
  const effective = effectiveDate(text, articles, versionDate) ?? latest(history.filter((e) => e.action === "施行"));
  if (effective) law.effectiveDate = effective;
  if (REPEALED.test(head.slice(title.length))) law.repealed = true;
  return law;
}

/** Title without markdown marks, spaces and a trailing version note such as （2018修正）. */
function cleanName(title: string): string {
  return title
    .replace(/\s+/g, "")
    .replace(/[（(]\d{4}(?:年)?(?:修正|修订|版|文本)?[）)]$/, "")
    .trim();
}

function levelOf(name: string, relPath: string, issuer: string | undefined): LawLevel {
  const path = relPath.replace(/\\/g, "/");
  if (/^(中华人民共和国)?宪法(修正案.*)?$/.test(name)) return "constitution";
  for (const [re, level] of FOLDER_LEVELS) if (re.test(path)) return level;
  if (/^最高人民(法院|检察院)/.test(name)) return "judicial_interpretation";
  if (/^中华人民共和国.*法$/.test(name)) return "law";
  if (issuer) for (const [re, level] of ISSUERS) if (re.test(issuer)) return level;
  if (/^[\u4e00-\u9fa5]{2,8}(省|市|自治区|经济特区)/.test(name) && /条例$/.test(name)) return "local_regulation";
  return "other";
}

/** 2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过 → {date, 通过}; one line may hold several. */
function historyOf(head: string): LawEvent[] {
  const events: LawEvent[] = [];
  for (const line of head.split("\n").slice(1)) {
    const dates = findDates(line);
    dates.forEach((d, i) => {
      const segment = line.slice(d.index, dates[i + 1]?.index ?? line.length);
      const action = lastAction(segment);
      if (action) events.push({ date: d.iso, action });
    });
  }
  return events;
}

function lastAction(segment: string): string | undefined {
  let best: { action: string; at: number } | undefined;
  for (const action of ACTIONS) {
    const at = segment.lastIndexOf(action);
    if (at >= 0 && (!best || at > best.at)) best = { action, at };
  }
  return best?.action;
}

/** The body named in the first history line: 全国人民代表大会常务委员会, 国务院, 深圳市人民代表大会常务委员会. */
function issuerOf(head: string): string | undefined {
  for (const line of head.split("\n").slice(1)) {
    if (findDates(line).length === 0) continue;
    const body = line
      .replace(/^[（(\s]+/, "")
      .replace(/^\S*?\d{4}年\d{1,2}月\d{1,2}日\s*/, "")
      .replace(/^第[一二三四五六七八九十百]+届/, "");
    const m =
      /^(.*?(?:人民代表大会常务委员会|人民代表大会|国务院|最高人民法院|最高人民检察院|部|委员会|总局|署|局|银行|政府))/.exec(
        body,
      );
    if (m && m[1].length <= 40) return m[1].replace(/第[一二三四五六七八九十百]+届/, "");
  }
  return undefined;
}

/** `经济法/中小企业促进法(2017-09-01).md` → 2017-09-01. */
function fileNameDate(relPath: string): string | undefined {
  return /[（(](\d{4}-\d{2}-\d{2})[）)]\.[a-z]+$/i.exec(relPath)?.[1];
}

function latest(events: LawEvent[]): string | undefined {
  return events
    .map((e) => e.date)
    .sort()
    .pop();
}

/** 本法自2018年1月1日起施行 in the last articles; 自公布之日起施行 means the version's own date. */
function effectiveDate(
  text: string,
  articles: ReturnType<typeof parseLawArticles>,
  versionDate: string | undefined,
): string | undefined {
  for (const a of articles.slice(-4).reverse()) {
    const m = EFFECTIVE.exec(text.slice(a.start, a.end));
    if (!m) continue;
    const date = parseDate(m[1]);
    if (date) return date;
    if (/公布|发布/.test(m[1])) return versionDate;
  }
  return undefined;
}
