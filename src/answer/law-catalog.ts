/**
 * The laws of an index: documents recognised as legal texts grouped into laws (by name, so the
 * dated files of one law are its versions, and the parts of one code, such as the 民法典's 编, are
 * one version), with the names a question may use for each. Built once per index; pure.
 */
import { LAW_LEVELS, type LawArticle, type LawInfo, type LawLevel, type ParsedDocument } from "../core/types.js";
import { escapeRegExp } from "../text/regexp.js";

/** One dated text of a law; a code split over several files has several documents. */
export interface LawVersion {
  /** The version's own date (its revision or amendment); undefined when the text gives none. */
  date?: string;
  /** When it came into force: the later of its date and its 施行 date. */
  start?: string;
  docs: ParsedDocument[];
  info: LawInfo;
}

export interface LawEntry {
  key: string;
  name: string;
  shortName: string;
  level: LawLevel;
  /** Oldest first. */
  versions: LawVersion[];
}

/** Common short forms by which staff name laws; the full and the short name are always known. */
const ABBREVIATIONS: Record<string, string[]> = {
  民事诉讼法: ["民诉法"],
  刑事诉讼法: ["刑诉法"],
  行政诉讼法: ["行诉法"],
  个人所得税法: ["个税法"],
  道路交通安全法: ["道交法"],
  消费者权益保护法: ["消保法", "消法"],
  食品安全法: ["食安法"],
  环境保护法: ["环保法"],
  治安管理处罚法: ["治安处罚法"],
};

/** Text for matching names: width-folded, without spaces, brackets of titles or quotes. */
export function nameKey(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\s《》〈〉<>“”"'‘’]/g, "")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）");
}

/** The grouping key: the short name without a 试行 or dated version note. */
function lawKey(info: LawInfo): string {
  return nameKey(info.shortName).replace(/（(?:试行|暂行|\d{4}[^）]*)）$/, "");
}

export class LawCatalog {
  readonly laws: LawEntry[] = [];
  private readonly byDoc = new Map<string, { law: LawEntry; version: LawVersion }>();
  private readonly aliases = new Map<string, LawEntry[]>();
  /** The lengths aliases have, longest first: a question is read by its substrings of these lengths. */
  private aliasLengths: number[] = [];
  /** The name keys of every document's title, laws or not (a 管理办法 of the bureau is no law). */
  private readonly titleKeys: string[] = [];
  /** Every document's text (the strings the documents hold, not copies). */
  private readonly texts: string[] = [];
  private byFirst?: Map<string, LawEntry[]>;
  private endings?: Map<string, LawEntry[]>;

  constructor(documents: Iterable<ParsedDocument>) {
    const byKey = new Map<string, LawEntry>();
    for (const doc of documents) {
      this.titleKeys.push(nameKey(doc.meta.title));
      this.texts.push(doc.text);
      if (!doc.law) continue;
      const key = lawKey(doc.law);
      let law = byKey.get(key);
      if (!law) {
        law = { key, name: doc.law.name, shortName: doc.law.shortName, level: doc.law.level, versions: [] };
        byKey.set(key, law);
        this.laws.push(law);
      }
      let version = law.versions.find((v) => v.date === doc.law!.versionDate);
      if (!version) {
        version = { date: doc.law.versionDate, start: startOf(doc.law), docs: [], info: doc.law };
        law.versions.push(version);
      }
      version.docs.push(doc);
      if (levelRank(doc.law.level) < levelRank(law.level)) law.level = doc.law.level;
      this.byDoc.set(doc.docId, { law, version });
    }
    for (const law of this.laws) {
      law.versions.sort((a, b) => (a.date ?? "").localeCompare(b.date ?? ""));
      const latest = law.versions[law.versions.length - 1].info;
      law.name = latest.name;
      law.shortName = latest.shortName;
      for (const alias of aliasesOf(law)) {
        const list = this.aliases.get(alias) ?? [];
        if (!list.includes(law)) list.push(law);
        this.aliases.set(alias, list);
      }
    }
    this.aliasLengths = [...new Set([...this.aliases.keys()].map((a) => a.length))].sort((a, b) => b - a);
  }

  get size(): number {
    return this.laws.length;
  }

  /**
   * Whether the knowledge base holds or speaks of a text of this name: a document's title holds it
   * (compared as name keys), or a document names it (a reply letter citing 《…操作规程》 can answer
   * for what it says of it). A law (a name ending in 法, not 办法) is what this catalog holds; one
   * it lacks is spoken of only by a document that cites an article of it (《…法》第十条): a local
   * regulation naming it as its basis (根据《中华人民共和国消防法》…) does not say what it
   * provides. Scans every text, so it is asked only for a name no law matched.
   */
  speaksOf(name: string): boolean {
    const key = nameKey(name);
    if (key.length === 0) return true;
    if (this.titleKeys.some((t) => t.includes(key))) return true;
    if (this.laws.length === 0 || nameKind(key) !== "法") return this.texts.some((t) => t.includes(name));
    const citesArticle = new RegExp(
      `${escapeRegExp(name)}》?(?:[（(][^）)]{0,30}[）)])?第[0-9零〇一二三四五六七八九十百千]+条`,
    );
    return this.texts.some((t) => t.includes(name) && citesArticle.test(t));
  }

  /** Ends of law names of five characters or more (款项支付条例), shorter than the name, with their laws. */
  private nameEndings(): Map<string, LawEntry[]> {
    if (!this.endings) {
      this.endings = new Map();
      for (const law of this.laws)
        for (let i = 1; i + MIN_NAME_ENDING <= law.key.length; i++) {
          const end = law.key.slice(i);
          if (nameKind(end) !== nameKind(law.key)) continue;
          this.endings.set(end, [...(this.endings.get(end) ?? []), law]);
        }
    }
    return this.endings;
  }

  /** The laws whose grouping key starts with a character. */
  startingWith(ch: string): LawEntry[] {
    if (!this.byFirst) {
      this.byFirst = new Map();
      for (const law of this.laws) this.byFirst.set(law.key[0], [...(this.byFirst.get(law.key[0]) ?? []), law]);
    }
    return this.byFirst.get(ch) ?? [];
  }

  /** The law and version a document belongs to. */
  ofDocument(docId: string): { law: LawEntry; version: LawVersion } | undefined {
    return this.byDoc.get(docId);
  }

  /**
   * Laws the question names, in the order named. A name inside a longer one that is also named
   * (中小企业促进法 in 河南省实施《中小企业促进法》办法) does not count, so the law itself is chosen
   * over its 实施条例 or a local regulation unless the question names those; among laws of one
   * name the higher level comes first.
   */
  named(question: string): ReadonlyArray<{ law: LawEntry; at: number; end: number }> {
    // One question asks three times in a row (the article answer, the named law's articles, the
    // ordering of passages): the last answer is kept; callers only read it.
    if (this.lastNamed?.question !== question) this.lastNamed = { question, laws: this.lawsNamedIn(question) };
    return this.lastNamed.laws;
  }
  private lastNamed: { question: string; laws: ReadonlyArray<{ law: LawEntry; at: number; end: number }> } | undefined;

  private lawsNamedIn(question: string): Array<{ law: LawEntry; at: number; end: number }> {
    const q = nameKey(question);
    const hits: Array<{ laws: LawEntry[]; at: number; end: number }> = [];
    // Every substring of an alias's length looked up, rather than every alias searched for: a
    // catalog of thousands of laws costs a question microseconds instead of a millisecond.
    for (let at = 0; at < q.length; at++) {
      for (const length of this.aliasLengths) {
        if (at + length > q.length) continue;
        const laws = this.aliases.get(q.slice(at, at + length));
        if (laws) hits.push({ laws, at, end: at + length });
      }
    }
    hits.push(...this.abbreviationsIn(q, hits));
    const kept = hits.filter(
      (h) => !hits.some((o) => o !== h && o.at <= h.at && o.end >= h.end && o.end - o.at > h.end - h.at),
    );
    kept.sort((a, b) => a.at - b.at || b.end - a.end);
    const out: Array<{ law: LawEntry; at: number; end: number }> = [];
    for (const h of kept) {
      const law = [...h.laws].sort((a, b) => levelRank(a.level) - levelRank(b.level))[0];
      if (!out.some((o) => o.law === law)) out.push({ law, at: h.at, end: h.end });
    }
    return out;
  }

  /**
   * Short forms written in running text that no alias holds (网安法, 个保法 and 款项支付条例 with no
   * article after them): every 法 or 条例 not inside a named law ends a candidate, tried from the
   * longest back to three characters. The first that is the end of a law's name (five characters
   * or more, starting where a name may start: 新版|款项支付条例, not 民营|经济促进法), or abbreviates a
   * law (its first character, then characters dropped in two places or one), counts. A short form
   * after a place (广东省营商环境条例) names a local text, not the law.
   */
  private abbreviationsIn(
    q: string,
    taken: Array<{ at: number; end: number }>,
  ): Array<{ laws: LawEntry[]; at: number; end: number }> {
    const out: Array<{ laws: LawEntry[]; at: number; end: number }> = [];
    for (const m of q.matchAll(/法|条例/g)) {
      const end = m.index + m[0].length;
      if (taken.some((h) => h.at < end && end <= h.end)) continue;
      for (let at = Math.max(0, end - MAX_RUNNING_ABBREVIATION); at <= end - 3; at++) {
        const before = q.slice(0, at);
        const local = LOCAL_BEFORE.test(before);
        const ending = this.nameEndings().get(q.slice(at, end));
        if (ending) {
          // 民营经济促进法 ends like 循环经济促进法: an end counts only where a name may start.
          if (!local && NAME_MAY_START.test(before)) out.push({ laws: ending, at, end });
          break;
        }
        const law = local ? undefined : abbreviatedLaw(this, q.slice(at, end), { suffix: false });
        if (law) {
          out.push({ laws: [law], at, end });
          break;
        }
      }
    }
    return out;
  }
}

/**
 * Where a written name may start: the question's start, punctuation, or a word that comes before
 * names (新版, 现行, 请问, 根据, 的 …). Inside a word (民营|经济促进法) it does not.
 */
const NAME_MAY_START =
  /(?:^|[，。？！、：；,.?!:;（(]|新版|新|旧版|旧|现行|现在的|现在|最新的|最新|目前的|目前|请问|根据|依据|按照|依照|关于|查一下|查|问下|问|的|和|与|及|跟|对)$/;

/** A place or 实施 right before a name makes it a local text's. */
const LOCAL_BEFORE = /(?:省|市|自治区|自治州|县|特区|实施)$/;

/** The shortest end of a name that stands for it (款项支付条例); as abbreviates() takes it before an article. */
const MIN_NAME_ENDING = 5;

/** The longest short form tried in running text (反电信网络诈骗法 is 反电诈法: 4 of 8). */
const MAX_RUNNING_ABBREVIATION = 10;

/** A name's kind by its last word: 法 (not 办法), 条例, 办法, 规定, 解释 … */
function nameKind(name: string): string {
  return /(办法|条例|规定|解释|细则|规则|决定|准则)$/.exec(name)?.[1] ?? (name.endsWith("法") ? "法" : "");
}

/**
 * Places where `long` drops characters to give `short` (its characters in order), and how many it
 * drops; undefined when `short` is not such an abbreviation of `long`.
 */
function droppedRuns(short: string, long: string): { runs: number; dropped: number } | undefined {
  let i = 0;
  let runs = 0;
  let inRun = false;
  for (const ch of long) {
    if (i < short.length && ch === short[i]) {
      i++;
      inRun = false;
    } else if (i < short.length) {
      if (!inRun) runs++;
      inRun = true;
    } else return undefined;
  }
  return i === short.length ? { runs, dropped: long.length - short.length } : undefined;
}

/** The shortest an abbreviation may be against the name it stands for (中促法 for 中小企业促进法: 3/7). */
const MIN_ABBREVIATION_SHARE = 0.4;

/**
 * Whether `written` abbreviates `key`: the end of a longer name, at least five characters
 * (款项支付条例), or its characters in order from the same first character to the same last
 * word, dropping characters in two places or one character (电商法 → 电子商务法, 个保法 → 个人信息保护法,
 * 招投标法 → 招标投标法). 劳动法 drops one run of two from 劳动合同法 and 合同法 is only its end:
 * neither stands for it.
 */
function abbreviates(written: string, key: string, suffix = true): boolean {
  if (suffix && written.length >= 5 && key.endsWith(written)) return true;
  if (key[0] !== written[0] || written.length < MIN_ABBREVIATION_SHARE * key.length) return false;
  const gaps = droppedRuns(written, key);
  return gaps !== undefined && (gaps.runs >= 2 || gaps.dropped === 1);
}

/**
 * The law a written name abbreviates, when no law bears it. Among several the higher level, then
 * the shorter name. `suffix: false` leaves out the end of a name (款项支付条例), which in running
 * text may be cut anywhere.
 */
export function abbreviatedLaw(
  catalog: LawCatalog,
  written: string,
  { suffix = true }: { suffix?: boolean } = {},
): LawEntry | undefined {
  const w = nameKey(written);
  const kind = nameKind(w);
  if (w.length < 3 || !kind) return undefined;
  // Without the suffix rule an abbreviation keeps the first character: only those laws are tried.
  const pool = suffix ? catalog.laws : catalog.startingWith(w[0]);
  const candidates = pool.filter(
    (law) => nameKind(law.key) === kind && law.key !== w && abbreviates(w, law.key, suffix),
  );
  candidates.sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.key.length - b.key.length);
  return candidates[0];
}

/** The level of law as staff name it. */
export const LAW_LEVEL_NAMES: Record<LawLevel, string> = {
  constitution: "宪法",
  law: "法律",
  administrative_regulation: "行政法规",
  judicial_interpretation: "司法解释",
  departmental_rule: "部门规章",
  local_regulation: "地方性法规",
  other: "其他规范性文件",
};

export function levelRank(level: LawLevel): number {
  return LAW_LEVELS.indexOf(level);
}

function aliasesOf(law: LawEntry): string[] {
  const names = new Set<string>();
  for (const v of law.versions) {
    names.add(nameKey(v.info.name));
    names.add(nameKey(v.info.shortName));
    // 河南省实施《中华人民共和国中小企业促进法》办法 is also asked for without 中华人民共和国.
    names.add(nameKey(v.info.name).replace(/中华人民共和国/g, ""));
  }
  names.add(law.key);
  for (const abbreviation of ABBREVIATIONS[law.key] ?? []) names.add(abbreviation);
  // A name of one or two characters (宪法, 刑法) is a name only when it is the whole key.
  return [...names].filter((n) => n.length >= 2);
}

function startOf(info: LawInfo): string | undefined {
  const { versionDate, effectiveDate } = info;
  if (versionDate && effectiveDate) return versionDate > effectiveDate ? versionDate : effectiveDate;
  return versionDate ?? effectiveDate;
}

/** The article numbered `number` (之`sub`) in a version, in whichever of its documents holds it. */
export function findArticle(
  version: LawVersion,
  number: number,
  sub?: number,
): { doc: ParsedDocument; article: LawArticle } | undefined {
  for (const doc of version.docs) {
    const article = doc.law!.articles.find((a) => a.number === number && a.sub === sub);
    if (article) return { doc, article };
  }
  return undefined;
}

/** The highest article number of a version. */
export function lastArticleNumber(version: LawVersion): number {
  return Math.max(0, ...version.docs.flatMap((d) => d.law!.articles.map((a) => a.number)));
}
