/**
 * The focus of a question: the noun phrase its question word attaches to (多少家【国家级工业设计
 * 中心】, 哪些【材料】, 【联系人】是谁). A sentence that does not name the focus, or words that may
 * stand in for it, is about something else however many of the question's other words it shares:
 * "公共技术服务平台补助申报要交哪些材料" is not answered by the sentence giving the subsidy's rate.
 * Pure: the question's words come tagged with their parts of speech (text/tokenize.ts tagWords).
 */
import type { QueryTerm } from "../core/types.js";
import type { TaggedWord } from "../text/tokenize.js";

/** Question words a noun phrase follows (多少家企业) or, after 是/有/叫, precedes (联系人是谁). */
const QUESTION_WORDS = new Set([
  "多少",
  "几",
  "几个",
  "哪些",
  "哪个",
  "哪家",
  "哪种",
  "哪类",
  "哪项",
  "哪",
  "什么",
  "谁",
]);
/** The question word of a list: 哪些【材料】. */
const LISTING = new Set(["哪些"]);
/** Words asking which document: the answer is a document, whatever noun follows (哪份材料里…). */
const WHICH_DOCUMENT = new Set(["哪份", "哪部", "哪篇"]);
/** The verbs after which a noun phrase is what the question word asks about: 奖金【是】多少, 标题【叫】什么. */
const COPULAS = new Set(["是", "有", "为", "叫", "叫做", "达", "达到"]);
/** Measure words of time: 哪【天】, 几【年】 ask for a date or a duration, not about a noun. */
const TIME_MEASURE = new Set(["天", "年", "月", "日", "周", "号", "一年", "一天"]);
/** Measure words of documents: 哪【份】文件 asks which document. */
const DOCUMENT_MEASURE = new Set(["份", "部", "篇", "份文件"]);
const CLAUSE_END = /^[，,。？?！!；;：:\s]+$/u;
/** Words that grade a noun rather than name a topic: 【重点】行业, 【主要】措施. */
const GRADING = new Set("重点 主要 相关 有关 其他 其它 各类 各种 具体 一般 基本 重要 特殊 有效 新型".split(" "));
/** What 多 asks the degree of, when jieba cuts 多大 in two. */
const DEGREE = new Set(["大", "长", "高", "远", "久", "重", "宽"]);
/** Measure words between a question word and its noun: 多少【家】企业, 哪【个】部门. */
const MEASURE = /^(?:q|mq)$/;
/** Measure words jieba sometimes tags as nouns (多少【项】). */
const MEASURE_WORDS = new Set([..."个家项所名位次批届条件台套类种部份道层级支张笔些大"]);
const NOUN = /^n/;
/** Parts of speech of the words of a noun phrase: nouns, verbal nouns (设计), distinguishing words (国家级). */
const NOMINAL = /^(?:n|nr|ns|nt|nz|ng|nrt|nrfg|vn|b)$/;

/**
 * Nouns that name the kind of answer rather than a topic: the answer to 哪个单位 is 市工信局, to
 * 哪些城市 广州、东莞, to 哪些行业 集成电路、5G通信, to 标题叫什么 the title. A phrase ending in one
 * is met by a sentence carrying the asked kind of answer (question-type.ts), not by the noun itself.
 */
const KIND_NOUNS = new Set(
  [
    "单位 部门 机构 部委 组织 处室 科室 机关 主体 对象 人 人员 谁 企业",
    "地方 地区 城市 区域 片区 省份 省 市 区 县 地点 位置 国家",
    "行业 领域 产业 方面 方向 类型 种类 形式 类",
    "时候 时间 日期 时限 期限 年份 阶段 进展 程度 水平 位次 排名 名次 地位",
    "钱 金额 资金 数额 额度 比例 范围 幅度 数量 数目 总数",
    "部署 安排 工作 措施 举措 办法 方式 方法 途径 渠道 做法 手段 招 环节 程序 步骤 流程 内容 东西 事情 事",
    "政策 规定 要求 条款 标准 功能 用途 目标 任务 路径 群体 人群 媒介 媒体 网站 网址 电话 号码 热线",
    "党派 民主党派 角色 身份 定位 团体 个体 平台 系统 载体 资源 服务 帮助 便利 优惠 待遇 义务 责任 权利 比率 利率 费率 增速 增幅 涨幅 份额",
    "文件 态度 看法 意见 立场 原因 目的 作用 意义 名称 名字 全称 简称 标题 题目 编号 文号 称号 牌子",
  ]
    .join(" ")
    .split(" "),
);

/**
 * The focus of a question, and where it must be named. What a question counts or measures (多少家
 * 企业, 规模有多大) is named beside the figure that answers it, so near the quoted sentence. What it
 * asks to be listed or named (哪些材料, 什么条件) is often the subject of a whole passage whose
 * sentences give only the items, so anywhere in the passage with its headings.
 */
export interface Focus {
  terms: QueryTerm[];
  scope: "sentence" | "passage";
  /** Asked with 哪些: the items of a list, whose kind the passage must name. */
  listing: boolean;
}
/**
 * What a count or a measure may be of without naming it beside the figure: 多少钱 is answered by
 * 300万元, 比率是多少 by 50%. Anything else counted (多少家企业, 多少科研人员) is named with its figure.
 */
const MEASURE_KINDS = new Set(
  "编号 号码 电话 文号 钱 金额 资金 数额 额度 比例 比率 利率 费率 增速 增幅 涨幅 份额 范围 幅度 数量 数目 总数 标准 时间 时长 期限 距离".split(
    " ",
  ),
);

/** Whether a word is, or ends with, one of the nouns naming a kind of answer (优惠政策, 补救措施). */
function namesKind(word: string, kinds: ReadonlySet<string>): boolean {
  for (let n = 1; n <= word.length; n++) if (kinds.has(word.slice(-n)) && (n >= 2 || n === word.length)) return true;
  return false;
}

/** Question words asking for a count or a measure. */
const COUNTING = new Set(["多少", "几", "几个"]);

/**
 * A word that asks which one or what (哪家, 哪几个, 什么): its noun may name the kind of answer
 * wanted. Not 多少/几: a count's noun is what is counted (多少家【企业】) and stands beside the figure.
 */
const ASKING = /^(?:哪|什么)/u;

/**
 * The words of a question that name the kind of answer it wants rather than a topic: 哪家【机构】,
 * 哪些【主体】, 哪个【部门】. The answer is an instance (中国（深圳）知识产权保护中心, 企事业
 * 单位, 市工信局), which seldom stands beside the kind's own word; the evidence gate weighs
 * such a word at a share where a passage lacks it (evidence.ts gateWeights).
 */
export function answerKindWords(words: readonly TaggedWord[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!ASKING.test(words[i].word)) continue;
    let j = i + 1;
    while (j < words.length && (MEASURE.test(words[j].tag) || MEASURE_WORDS.has(words[j].word))) j++;
    const next = words[j];
    if (!next || !NOMINAL.test(next.tag)) continue;
    if (KIND_NOUNS.has(next.word)) out.push(next.word);
  }
  return out;
}

/**
 * The question's terms that make up its focus, or [] when it has none a sentence could be checked
 * for: no question word with a noun phrase, a phrase whose head names only the kind of answer, a
 * place (the place rule checks those), or a question about which document. `terms` are the
 * question's weighted words (retrieve/query-terms.ts); the focus is made of some of them.
 */
export function questionFocus(words: readonly TaggedWord[], terms: readonly QueryTerm[]): Focus | undefined {
  for (let i = 0; i < words.length; i++) {
    if (WHICH_DOCUMENT.has(words[i].word)) return undefined;
    // 多大, 多长, 多高 ask about the noun before them only: 总面积有【多大】.
    const degree = words[i].word === "多" && DEGREE.has(words[i + 1]?.word ?? "");
    if (!QUESTION_WORDS.has(words[i].word) && !degree) continue;
    // 哪天, 几年: a date or a length of time is asked, whatever words follow.
    if (TIME_MEASURE.has(words[i + 1]?.word ?? "")) continue;
    if (DOCUMENT_MEASURE.has(words[i + 1]?.word ?? "")) return undefined;
    // 谁 takes no noun after it (谁拍板认定的): only the phrase before 是谁.
    const phrase = degree || words[i].word === "谁" ? [] : phraseAfter(words, i);
    // A place opening the phrase (【深圳市】新能源汽车购车补贴标准) is the place rule's to check.
    const np = trimModifiers(phrase.length > 0 ? phrase : phraseBefore(words, i)).filter(
      (w, k, all) => w.tag !== "ns" || all.slice(0, k).some((o) => o.tag !== "ns"),
    );
    if (np.length === 0) continue;
    const counting = degree || COUNTING.has(words[i].word);
    // A noun naming the kind of answer (标准, 政策, 城市) is met by the answer's type; the nouns before
    // it still say what is asked about (【新能源汽车购车补贴】标准是多少).
    const kind = np.findIndex((w) => w.tag === "ns" || namesKind(w.word, counting ? MEASURE_KINDS : KIND_NOUNS));
    if (kind === 0) continue;
    // The words of the phrase tagged as verbs (示范/v, 作/v) link its nouns; only the nouns must be
    // named, and of those not the ones that only grade (【重点】行业).
    const text = (kind > 0 ? np.slice(0, kind) : np)
      .filter((w) => (NOMINAL.test(w.tag) || w.tag === "l") && !GRADING.has(w.word))
      .map((w) => w.word)
      .join("|");
    const focus = terms.filter((t) => text.includes(t.term));
    if (focus.length > 0)
      return { terms: focus, scope: counting ? "sentence" : "passage", listing: LISTING.has(words[i].word) };
  }
  return undefined;
}

/** The nouns right after a question word and its measure word: 多少家【国家级工业设计中心】. */
function phraseAfter(words: readonly TaggedWord[], at: number): TaggedWord[] {
  let j = at + 1;
  while (j < words.length && (MEASURE.test(words[j].tag) || MEASURE_WORDS.has(words[j].word))) j++;
  // jieba tags some words inside a noun phrase as verbs or idioms (国家/n 技术创新/l 示范/v 企业/n):
  // the phrase runs over such words up to its last noun, and stops at a function word.
  const start = j;
  let end = -1;
  for (; j < words.length && INSIDE_PHRASE.test(words[j].tag) && !COPULAS.has(words[j].word); j++)
    if (NOUN.test(words[j].tag)) end = j;
  // A verbal noun alone after the question word is the verb of the question: 百分之多少【资助】.
  return words.slice(start, end + 1);
}
/** Parts of speech a noun phrase runs over: nouns, verbal nouns, distinguishing words, idioms, verbs, adjectives. */
const INSIDE_PHRASE = /^(?:n|nr|ns|nt|nz|ng|nrt|nrfg|vn|b|l|v|a|an)$/;

/**
 * The nouns right before 是/有/叫 and a question word that ends its clause: 【一等奖奖金】是多少？
 * Where more follows (工信局是哪天回复的) the nouns before are the subject, not what is asked.
 */
function phraseBefore(words: readonly TaggedWord[], at: number): TaggedWord[] {
  const copula = at - 1;
  if (copula < 1 || !COPULAS.has(words[copula].word)) return [];
  if (!clauseEndsAfter(words, at)) return [];
  const np: TaggedWord[] = [];
  for (let j = copula - 1; j >= 0 && NOMINAL.test(words[j].tag); j--) np.unshift(words[j]);
  return np;
}

/** Whether only particles and punctuation follow the word at `at` (and the degree word of 多大). */
function clauseEndsAfter(words: readonly TaggedWord[], at: number): boolean {
  for (let j = at + 1; j < words.length; j++) {
    if (CLAUSE_END.test(words[j].word)) return true;
    if (!/^(?:呢|啊|呀|吗|大|长|高|远|久|重|宽|个|家|项)$/.test(words[j].word)) return false;
  }
  return true;
}

/** A phrase's trailing verbal nouns and distinguishing words are not its head: 哪个城市【合作】搞的. */
function trimModifiers(np: TaggedWord[]): TaggedWord[] {
  let end = np.length;
  while (end > 0 && /^(?:vn|b)$/.test(np[end - 1].tag) && end > 1) end--;
  return np.slice(0, end);
}

/** Duties official documents assign to a unit: 负责, 组织, 审核, 受理… */
const DUTIES = "负责|组织|审核|审查|受理|承担|实施|审批|认定|验收|拨付|解释|监督|评审";
/**
 * What a question asks an actor to have done: 由哪个单位【负责组织】, 是谁来【组织】. A sentence that
 * names some unit or company but not the acts asked about (one on what a company must report after
 * 验收, or one where it 对…真实性负责, for 验收由哪个单位负责组织) does not say who does them.
 * 组织 right after the question word is the noun (由哪个组织举办).
 */
const ACTOR_ASKED = new RegExp(
  `(?:哪个|哪家|哪些|什么|谁)(?:(?:单位|部门|机构|机关|处室|组织)(?:来|去|具体)?|来|去|具体|(?!组织))((?:${DUTIES}){1,3})`,
  "u",
);
const DUTY = new RegExp(DUTIES, "gu");

/** The duties a question asks who carries out (负责组织 → 负责, 组织), if it asks that. */
export function askedDuties(question: string): string[] {
  const asked = ACTOR_ASKED.exec(question)?.[1];
  return asked ? (asked.match(DUTY) ?? []) : [];
}

/** A count in a text: a figure or a Chinese numeral. */
const NUMERAL = "(?:\\d+|[一二两三四五六七八九十百千]+)";

/**
 * Whether a text counts the focus by the measure word that ends it: 几个【层级】 is answered by
 * 国家、省级和市级【三级】体系, 几个【等级】 by 分为【五级】: a focus of COUNTED_BY_LAST is named by a figure
 * followed by its last character, without the word itself.
 */
export function countedByMeasure(focus: string, normalizedText: string): boolean {
  const last = [...focus].at(-1) ?? "";
  if (!COUNTED_BY_LAST.has(focus)) return false;
  return new RegExp(`${NUMERAL}${last}`, "u").test(normalizedText);
}
/**
 * Focus words that are counted by their last character: 层级 by 三级, 批次 by 两批. Not any word
 * ending in a measure character — 条件 is not counted by 5件, nor 单位 by 3位, nor 事项 by 3项.
 */
const COUNTED_BY_LAST = new Set(["层级", "等级", "级别", "层次", "批次", "类别", "种类", "届次", "档次"]);
