/**
 * The sample corpus, the law fixtures and many short notices: enough files that one changed notice
 * is a small share of the index, so an update takes the delta path rather than a merge.
 */
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
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
