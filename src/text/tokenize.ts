/**
 * Words for the lexical index: normalized text segmented by jieba in search mode (which also
 * emits the parts of long compounds, so 服务平台 matches 公共技术服务平台). Both documents and
 * queries go through the same function. The HMM guesser for unknown words is off: on short
 * questions it glues function words onto content words ("函是", "最多能"), which then match
 * nothing.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { normalizeText } from "./normalize.js";

/** Function words and question words that carry no topic. */
const STOPWORDS = new Set([
  ..."的 了 和 与 及 或 在 对 为 是 有 被 把 将 并 等 也 都 而 其 之 于 以 由 从 向 给 这 那 该 此 吗 呢 吧 啊 哪 些 个 上 下 中".split(
    " ",
  ),
  ..."什么 多少 哪些 哪个 哪里 如何 怎么 怎样 怎么样 是否 是不是 能否 可以 有没有 请问 一下 我们 你们 他们 关于 进行 相关 目前 现在 还 能".split(
    " ",
  ),
  ..."多久 多长 多长时间 多大 何时 什么时候 时候 哪年 哪天 开始 具体 主要 分别 一共 总共 大概 情况 时 呀 么 几".split(
    " ",
  ),
  // Words about the form of the question or of the document, not its topic.
  ..."文件 哪份 份 部分 一部分 内容 提到 提及 写 写在 讲 说 里 中 过 发出 发给 日期 文号 第几 第几条 哪条 哪一条 拿 拿到 要 能够 需要 应该".split(
    " ",
  ),
]);
const NOISE = /^[\s\p{P}\p{S}]+$/u;

export type Tokenizer = (text: string) => string[];

let jieba: Jieba | undefined;
function sharedJieba(): Jieba {
  // Loading the dictionary takes ~100 ms; do it once per process.
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** The tokenizer used by the lexical index and by sentence scoring. */
export function createTokenizer(): Tokenizer {
  const segmenter = sharedJieba();
  return (text: string) =>
    segmenter
      .cutForSearch(normalizeText(text), false)
      .map((t) => t.trim())
      .filter((t) => t.length > 0 && !NOISE.test(t) && !STOPWORDS.has(t));
}

/** A word of a text with its part of speech (jieba's tag set: n noun, v verb, r pronoun, q measure word…). */
export interface TaggedWord {
  word: string;
  tag: string;
}

/** The words of normalized text with their parts of speech, segmented as the tokenizer does (no HMM). */
export function tagWords(text: string): TaggedWord[] {
  return sharedJieba()
    .tag(normalizeText(text), false)
    .map((w) => ({ word: w.word, tag: w.tag }));
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Overlapping character bigrams of the letters and digits of a text, across word boundaries.
 * They find a place or agency however the segmenter cut it ("铁岭市" against "岭应对"), which
 * is why document and passage ranking use them beside the words. Separators (punctuation,
 * spaces) break the sequence, so no bigram spans two clauses.
 */
export function characterBigrams(text: string): string[] {
  const out: string[] = [];
  let previous = "";
  for (const ch of normalizeText(text)) {
    if (!LETTER_OR_DIGIT.test(ch)) {
      previous = "";
      continue;
    }
    if (previous) out.push(previous + ch);
    previous = ch;
  }
  return out;
}

/** A question's bigrams, after its function and question words are blanked out. */
export function queryBigrams(question: string): string[] {
  const words = sharedJieba().cut(normalizeText(question), false);
  return characterBigrams(words.map((w) => (STOPWORDS.has(w) ? " " : w)).join(""));
}
