/** Where an eval set's gold quotes (and, if asked, its facts) are missing from their corpus documents. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { EvalQuestion } from "../../src/eval/question-set.js";
import { factLabel, factPresent } from "../../src/eval/match.js";

export async function goldMissingFromCorpus(
  questions: readonly EvalQuestion[],
  corpusDir: string,
  { facts }: { facts: boolean },
): Promise<string[]> {
  const texts = new Map<string, string>();
  const missing: string[] = [];
  for (const q of questions) {
    if (!q.gold) continue;
    // Every answerable question carries a quote: overlap and citations are measured against it.
    if (!q.gold.quote) {
      missing.push(`${q.id}: no quote`);
      continue;
    }
    let text = texts.get(q.gold.docId);
    if (text === undefined) {
      text = await readFile(path.join(corpusDir, q.gold.docId), "utf8");
      texts.set(q.gold.docId, text);
    }
    if (!text.includes(q.gold.quote)) missing.push(`${q.id}: quote ${q.gold.quote}`);
    if (facts) for (const f of q.facts) if (!factPresent([text], f)) missing.push(`${q.id}: fact ${factLabel(f)}`);
  }
  return missing;
}
