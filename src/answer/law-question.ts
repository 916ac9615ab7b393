/**
 * What a question asks of a law: an article (第33条, 第三十三条之一, 第15条第2款第3项), the difference
 * between versions, which law governs a matter, or the law's validity and versions. Reads the
 * question after normalizeText, which writes 第三十三条 as 第33条. Pure.
 */
import { parseChineseNumber } from "../text/chinese-numerals.js";

export interface ArticleRef {
  number: number;
  /** 之一 → 1. */
  sub?: number;
  /** 款, 1-based. */
  paragraph?: number;
  /** 项, 1-based. */
  item?: number;
}

const CN = "[一二三四五六七八九十]+";
// 第21条的第二款 as well as 第21条第二款; an item as 第（三）项, 第三项 or a bare （三）.
const ARTICLE_REF = new RegExp(
  `第?\\s*(\\d+)\\s*条(?:之(\\d+|${CN}))?(?:\\s*的?\\s*第?\\s*(\\d+)\\s*款)?(?:\\s*的?\\s*第?\\s*[(（]?(\\d+|${CN})[)）]?\\s*项|\\s*[(（](\\d+|${CN})[)）])?`,
  "g",
);

/** Article references in a normalized question, in order. */
export function articleRefs(q: string): ArticleRef[] {
  return articleRefSpans(q).map((r) => r.ref);
}

function articleRefSpans(q: string): Array<{ ref: ArticleRef; at: number; end: number }> {
  const refs: Array<{ ref: ArticleRef; at: number; end: number }> = [];
  for (const m of q.matchAll(ARTICLE_REF)) {
    // "3条措施" without 第 is a count, unless a law's name or 《》 comes right before it.
    if (!m[0].startsWith("第") && !/(?:法|条例|规定|办法|解释|细则|规则|》|典)\s*$/.test(q.slice(0, m.index))) continue;
    const ref: ArticleRef = { number: Number(m[1]) };
    if (m[2]) ref.sub = parseChineseNumber(m[2]);
    if (m[3]) ref.paragraph = Number(m[3]);
    if (m[4] ?? m[5]) ref.item = parseChineseNumber(m[4] ?? m[5]);
    if (ref.number > 0) refs.push({ ref, at: m.index, end: m.index + m[0].length });
  }
  return refs;
}

/** The most articles (or 款) one answer quotes. */
const MAX_ASKED_ARTICLES = 5;
/** What may join two references to one law: 第十九条、第二十条 / 第十九条和第二十条. */
const JOINED = /^\s*(?:、|，|,|和|及|与|以及|跟|或)\s*$/;
/** A further 款 of the same article (第57条第1款和第2款), or 项 of the same 款 (第一项、第三项). */
const MORE_PARAGRAPHS = /^\s*(?:、|，|,|和|及|与|以及|跟|或)\s*第?\s*(\d+)\s*款/;
const MORE_ITEMS = new RegExp(`^\\s*(?:、|，|,|和|及|与|以及|跟|或)\\s*第?\\s*[(（]?(\\d+|${CN})[)）]?\\s*项`);

/**
 * The articles asked of one law, in order: the first reference, and those joined to it by 、 or 和
 * with nothing else between (no other law's name), with a further 款 of the same article
 * (第五十七条第一款和第二款) or 项 of the same 款 (第十三条第一款第二项和第三项) as one more reference.
 */
export function askedArticles(q: string): ArticleRef[] {
  const spans = articleRefSpans(q);
  const out: ArticleRef[] = [];
  let end = spans[0]?.end ?? 0;
  for (const [i, span] of spans.entries()) {
    if (i > 0 && !JOINED.test(q.slice(end, span.at))) break;
    out.push(span.ref);
    end = span.end;
    const further =
      span.ref.item !== undefined ? MORE_ITEMS : span.ref.paragraph !== undefined ? MORE_PARAGRAPHS : undefined;
    for (let more = further?.exec(q.slice(end)); further && more; more = further.exec(q.slice(end))) {
      out.push(
        further === MORE_ITEMS
          ? { ...span.ref, item: parseChineseNumber(more[1]) }
          : { ...span.ref, paragraph: Number(more[1]), item: undefined },
      );
      end += more[0].length;
    }
  }
  return out.slice(0, MAX_ASKED_ARTICLES);
}

/** A part of a law's structure asked for: 第四章, 第二编, 第三章第二节. */
export interface PartRef {
  /** 编, 分编, 章 or 节, outermost first: 第三章第二节 is [章 3, 节 2]. */
  units: Array<{ unit: PartUnit; number: number }>;
}
export type PartUnit = "编" | "分编" | "章" | "节";

const PART_REF = /第\s*(\d+)\s*(分编|编|章|节)/g;

/**
 * The chapter (编, 章, 节) a normalized question asks about, when it asks about one and no article:
 * "公司法第4章讲什么", "民法典第2编第3章有哪些内容". Several units in a row narrow one another.
 */
export function askedPart(q: string): PartRef | undefined {
  if (articleRefs(q).length > 0) return undefined;
  const units: PartRef["units"] = [];
  let end = -1;
  for (const m of q.matchAll(PART_REF)) {
    // Only units written together (第2编第3章) narrow each other; a second, separate mention stops.
    if (end >= 0 && q.slice(end, m.index).trim() !== "" && !/^的$/.test(q.slice(end, m.index).trim())) break;
    units.push({ unit: m[2] as PartUnit, number: Number(m[1]) });
    end = m.index + m[0].length;
  }
  if (units.length === 0 || units[0].number <= 0) return undefined;
  // Only a question about the part itself: 刑法第二编第三章中走私的处罚 asks about 走私, searched as usual.
  const rest = q.slice(end).replace(/[\s\p{P}\p{S}]/gu, "");
  return rest === "" || PART_ASKED.test(rest) ? { units } : undefined;
}

/** What asks about a part itself, after its reference: 讲什么, 有哪些条, 从第几条到第几条. */
const PART_ASKED =
  /^(?:的)?(?:讲|说|规定|写)?(?:了|的是|的)?(?:什么|啥|哪些)(?:内容)?(?:吗|呢)?$|^(?:的)?(?:是|是关于|关于|讲的是)?(?:什么|啥)(?:内容)?(?:的|呢|吗)?$|^(?:的)?(?:有|包括|包含|含)(?:哪些|哪几|几|多少)(?:条|内容|节|部分)?(?:条文)?$|^(?:的)?(?:内容|标题|名称|题目)(?:是)?(?:什么|啥)?$|^(?:的)?从第几条到第几条$|^(?:的)?叫什么$/u;

/** A name as written after the asking words that may precede it (请问, 根据, 我想知道 …). */
function withoutAskingWords(name: string): string {
  return name.replace(/^(?:请问|请|问|根据|依据|依照|按照|关于|查询|查一下|查|想知道|我想知道|在)+/, "");
}

/** A name written before an article reference or in 《》, for saying which law the corpus lacks. */
export function lawNameWritten(q: string): string | undefined {
  const quoted = /《([^》]{2,40})》\s*(?:的)?\s*第?\s*\d+\s*条/.exec(q);
  if (quoted) return quoted[1];
  const m = WRITTEN_NAME.exec(q.replace(/[《》]/g, ""));
  if (!m) return undefined;
  return withoutAskingWords(m[1]);
}

/**
 * A legal text or rule a question names without asking for an article: in 《》, or a name ending in
 * 法/条例/规定/办法… right before 里/中/对/关于/有关, or before asking what it provides (有没有, 是否,
 * 怎么: "中小企业划型标准规定里…", "消防法有没有关于…的规定"). Generic phrases (有关规定中, 相关办法里,
 * 本法有没有) name nothing.
 */
export function documentNameWritten(q: string): string | undefined {
  const quoted = /《([^》]{2,60})》/.exec(q);
  if (quoted) return quoted[1];
  const m = NAMED_BEFORE_TOPIC.exec(q);
  if (!m || GENERIC_NAME.test(m[1]) || GENERIC_WORD.test(m[1])) return undefined;
  return withoutAskingWords(m[1]);
}

const NAMED_BEFORE_TOPIC =
  /([\u4e00-\u9fa5]{2,40}?(?:法|条例|规定|办法|解释|细则|规则|决定|规程))(?:里|中(?![小央国华心外])|对|关于|有关|里面|当中|有没有|有无|是否|怎么|如何)/;
/** Asking or pointing words, and 法律规定-like phrases: no name of a text. */
const GENERIC_WORD = /哪|什么|有关|相关|这些|上述|以下|下列|具体|这个|那个|这部|那部|法律规定|法规规定|政策规定/;
const GENERIC_NAME =
  /^(?:.*(?:有关|相关|这些|上述|以下|下列|哪些|什么|哪个|哪部|哪项|具体|国家|文件|政策|这个|那个|这部|那部|该|本|此|新|旧|原|现行))?(?:法|条例|规定|办法|解释|细则|规则|决定|规程)$|(?:方法|做法|想法|说法|看法|用法|写法|算法|手法|立法|执法|司法|依法|合法|违法|非法)$|^(?:办法|规定)$/;

const WRITTEN_NAME =
  /([\u4e00-\u9fa5（）()、]{2,60}?(?:法|条例|规定|办法|解释|细则|规则|决定|章程|准则|法典))\s*(?:的)?\s*第?\s*\d+\s*条/;

/** 有什么变化, 有何不同, 改了什么, 前后对比. */
export function asksDifference(q: string): boolean {
  return /变化|变动|不同|区别|差异|异同|改了|修改了什么|改动|对比|比较|有何变更|有什么变更|前后/.test(q);
}

/** 哪部法律规定…, 适用什么法律, 依据哪些法规. */
export function asksWhichLaw(q: string): boolean {
  return /哪(?:一)?(?:部|个|些|条)?(?:法律|法规|法|条例|规定|规章|司法解释)|什么(?:法律|法规)|(?:依据|适用|根据)(?:的)?(?:什么|哪)/.test(
    q,
  );
}

const WHICH_LAW_ASK =
  /(?:是|由)?哪(?:一)?(?:部|个|些|条)?(?:法律|法规|法|条例|规定|规章|司法解释)(?:或法规)?(?:对|中|里)?(?:规定了?|作出了?规定|有规定|适用|明确了?)?|(?:依据|适用|根据)(?:的)?(?:是)?(?:什么|哪些?)(?:法律|法规)(?:规定)?/g;

/** The question without its "which law" words, which no passage contains: 哪部法律规定了X的期限 → X的期限. */
export function withoutWhichLawAsk(q: string): string {
  // Laws define a term as "本法所称X，是指…": a question on X's 定义 is searched in those words.
  const stripped = q
    .replace(WHICH_LAW_ASK, "")
    .replace(/(?:的)?(?:定义|含义|概念)/g, "所称是指")
    .trim();
  return stripped.length >= 2 ? stripped : q;
}

/** Whether the law is in force, when it took effect, which versions exist. */
export function asksValidity(q: string): boolean {
  // Read before numeral normalization, which writes 哪一年 as 哪1年.
  return VALIDITY.test(q.normalize("NFKC").replace(/有效期/g, ""));
}

/** Asked of the law itself, not of what it regulates (许可证的有效期 is content). */
const WHEN = "(?:何时|什么时候|啥时候|啥时|哪天|哪一天|哪日|几号|几月几号|几月几日|哪年|哪一年|几时|哪个时候)";
const VALIDITY = new RegExp(
  [
    `${WHEN}(?:开始|起)?(?:施行|生效|实施|修订|修正|修改|改|通过|颁布|公布|发布|出台|制定|废止|失效)`,
    "(?:施行|生效|实施|修订|修正|通过|颁布|公布)(?:的)?(?:日期|时间|年份)",
    `(?:修订|修正|修改|通过|颁布|公布|发布|出台|施行|生效|制定)(?:是|于|在)*${WHEN}`,
    // 改过几次, 修订过多少回, 最近那次修改: the history of the law itself.
    "(?:修订|修正|修改|改)过?(?:几次|多少次|几回)|最近(?:一|那|的一)?次(?:的)?(?:修订|修正|修改|改)",
    "最新(?:的)?(?:版|一版)",
    "(?:是否|还|仍|仍然|现在|目前|当前|现行)(?:是)?(?:有效|施行|生效|适用)",
    "现行有效|(?:废止|失效|作废)了?(?:吗|没有|没|么)|有版本|(?:有哪些|有几个|几个|哪些|哪个|哪一个|哪一|哪)版本?|最新(?:的)?版本|现行版本",
    "\\d{4}年\\d{1,2}月\\d{1,2}日(?:时|当天|那天)?(?:施行|有效|适用)",
  ].join("|"),
);

/** A day the question names (2023年10月1日施行的是哪个版本), ISO. */
export function askedDay(q: string): string | undefined {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(q);
  if (!m) return undefined;
  return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}
