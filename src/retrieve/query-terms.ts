/**
 * The weighted words of a question, each with the thesaurus terms that may stand in for it.
 * This is query understanding shared by retrieval (expanded BM25 query) and the evidence gate
 * (a synonym counts as the word being present). Pure: the tokenizer, idf and thesaurus are given.
 */
import type { QueryTerm } from "../core/types.js";
import { normalizeText } from "../text/normalize.js";
import { expandTerm, findPhrases, type Thesaurus } from "./thesaurus.js";

/**
 * Words of spoken questions that say how something is asked, not what it is about: pronouns and
 * demonstratives (那个, 这块), question forms (哪几个, 几届, 叫什么, written 有何), and light verbs and adverbs
 * (打算, 已经, 跟, 坐), and requests (请介绍一下, 告诉我). Documents seldom use them, so their idf is the highest there is and a
 * question worded the way staff talk would otherwise miss the evidence gate on them alone. They are
 * dropped on the query side only: the index keeps every word (no rebuild when this list changes).
 */
const QUESTION_WORDS = new Set(
  [
    "所谓 指 指的是 何 有何 何种 何处 何地 为何 何以 谁 叫 叫做 称 称为 全称 名称 名字 啥 咋 哪儿 哪家 哪项 哪类 哪种 哪位 哪方面 哪些方面 哪些地方 哪几个 哪几家 哪几条 哪几项",
    "哪几类 几个 几家 几届 几号 几条 几项 几类 几种 几大 几位 几天 几次 几批 多少个 多少家 多少项 什么样 怎样 怎么样 怎么个",
    "那个 这个 那些 这些 那份 这份 那家 这家 那边 这边 那块 这块 那里 这里 那次 这次 那件 这件 其中 以及 还有",
    "打算 准备 计划要 已经 曾经 的话 跟 和 同 再 又 还 也 就 才 都 要 会 能 得 地 着 呢 吧 啦 嘛 呀 哦",
    "能不能 可不可以 要不要 有没有 是不是 没有 不能 不是 为什么 为啥 到底 究竟 大概 大约 一般 通常 主要 一下 一起",
    "以后 今后 接下来 下一步 后来 当时 现在 目前 如今 平时 有人 别人 大家 咱们 天",
    "我 我们 你 你们 您 请 请问 麻烦 介绍 介绍一下 告诉 讲讲 说说 讲一讲 说一说 解释一下",
    "做 搞 弄 用 看 靠 按 对 给 到 去 来 坐 放 拿 管 办 干 帮 帮忙 例子 举例 举 说 讲 提 问",
    "方面 这方面 那方面 部分 内容 情况 问题 东西 事情 事",
    "百分之 百分之几 百分之多少 几成 几倍 多少倍 几年 哪几年 多少年 几月 几日 几号 哪月 长时间 多长 市里 省里 区里",
  ]
    .join(" ")
    .split(" "),
);

/** Question words jieba sometimes glues to the noun they ask about (哪些项目, 什么机制). */
const ASKING_PREFIX = /^(?:哪些|哪个|哪家|哪种|哪类|什么|多少)(?=\p{Script=Han}{2,}$)/u;

/** A word without a question word glued to its front: 哪些项目 → 项目. */
function withoutAskingPrefix(token: string): string {
  return token.replace(ASKING_PREFIX, "");
}

export interface QueryTermSources {
  tokenize(text: string): string[];
  idf(term: string): number;
  thesaurus: Thesaurus;
}

/**
 * Maximal words of the question weighted by idf, each with its thesaurus alternatives. A
 * thesaurus phrase the tokenizer cuts into single characters (工信局 → 工 / 信 / 局, 数转 → 数 /
 * 转) is asked whole in their place; one cut into words (最高不超过 → 最高 / 不 / 超过) lends its
 * alternatives to its heaviest piece, so the piece counts as present where the phrase's synonym
 * is, and the other pieces keep their own chance to match. Phrases made only of function words (多久,
 * 一共) contribute nothing: they say what kind of answer is wanted, not what it is about.
 */
export function questionTerms(question: string, sources: QueryTermSources): QueryTerm[] {
  const tokens = [...new Set(sources.tokenize(question).map(withoutAskingPrefix))].filter(
    (t) => !QUESTION_WORDS.has(t),
  );
  // jieba's search mode emits both 服务平台 and its parts; a part inside a longer term that is
  // also present would count twice, so keep only maximal terms.
  const maximal = tokens.filter((t) => !tokens.some((o) => o !== t && o.length > t.length && o.includes(t)));
  const terms = maximal.map((term) => ({
    term,
    weight: sources.idf(term),
    alternatives: expandTerm(sources.thesaurus, term),
  }));
  for (const phrase of findPhrases(sources.thesaurus, normalizeText(question))) {
    if (phrase.expansions.length === 0) continue;
    const pieces = terms.filter((t) => phrase.phrase.includes(t.term));
    // Cut into single characters (数转 → 数 / 转, 工信局 → 工 / 信 / 局), a phrase's pieces say
    // nothing alone and would match any text holding the character (数据, 转化): the phrase is
    // asked whole, with its synonyms, at the weight of its pieces together.
    if (pieces.length > 1 && pieces.every((t) => [...t.term].length === 1)) {
      const weight = pieces.reduce((sum, t) => sum + t.weight, 0);
      const at = terms.indexOf(pieces[0]);
      terms.splice(at, 0, { term: phrase.phrase, weight, alternatives: [...phrase.expansions] });
      for (const piece of pieces) terms.splice(terms.indexOf(piece), 1);
      continue;
    }
    const host = [...pieces].sort((a, b) => b.weight - a.weight || b.term.length - a.term.length)[0];
    if (!host) continue;
    for (const e of phrase.expansions) if (e !== host.term && !host.alternatives.includes(e)) host.alternatives.push(e);
  }
  return terms.map((t) => (t.alternatives.length ? t : { term: t.term, weight: t.weight }));
}
