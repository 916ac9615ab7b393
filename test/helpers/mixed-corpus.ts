/**
 * The sample corpus, the law fixtures and many short notices: enough files that one changed notice
 * is a small share of the index, so an update takes the delta path rather than a merge.
 */
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTokenizer } from "../../src/text/tokenize.js";
import { sampleCorpusCopy } from "./corpus.js";

/** A notice's text: its number and the amount it states (changed by a test to make an update). */
export type NoticeText = (i: number, amount: string) => string;

export async function mixedCorpus(notices: number, text: NoticeText): Promise<string> {
  const corpus = await sampleCorpusCopy();
  await cp(path.resolve("test/fixtures/laws"), path.join(corpus, "laws"), { recursive: true });
  await mkdir(path.join(corpus, "notices"));
  for (let i = 0; i < notices; i++) await writeNotice(corpus, i, `${(i % 9) + 1}.${i}`, text);
  return corpus;
}

export function writeNotice(corpus: string, i: number, amount: string, text: NoticeText): Promise<void> {
  return writeFile(path.join(corpus, "notices", `notice-${i}.txt`), text(i, amount));
}

const tokenizer = createTokenizer();

/** Build and knowledge-base options for a mixed corpus: lexical only (no vectors), 250-character chunks. */
export function mixedIndexOptions(corpusDir: string, dataDir: string) {
  return { corpusDir, dataDir, chunkChars: 250, tokenizer, embedding: { kind: "none" } as const };
}

/** Questions over every part of a mixed corpus: a notice, the sample letter, laws, a number, the proposal. */
export const MIXED_QUESTIONS = [
  "光伏补贴每瓦多少钱？",
  "公共技术服务平台扶持计划给多少支持？",
  "中小企业款项支付的期限是多少天？",
  "劳动合同解除的经济补偿怎么算？",
  "行政复议的申请期限是多久？",
  "第7号通知规定的补贴标准",
  "市政协提案答复",
];
