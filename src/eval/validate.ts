/**
 * Checks a question set against the indexed corpus before running it, pure: a gold document,
 * quote, section or fact the corpus does not hold is a broken question, not a system failure.
 */
import type { IndexedDocument } from "../service/types.js";
import { factLabel, factPresent, sectionMatches } from "./match.js";
import type { EvalQuestion } from "./question-set.js";

export function validateQuestions(
  questions: EvalQuestion[],
  indexedDocument: (docId: string) => IndexedDocument | undefined,
): string[] {
  const problems: string[] = [];
  for (const q of questions) {
    if (!q.gold) continue;
    const indexed = indexedDocument(q.gold.docId);
    if (!indexed) {
      problems.push(`${q.id}: gold document not in the index: ${q.gold.docId}`);
      continue;
    }
    const { document: doc, chunks } = indexed;
    if (q.gold.quote && !doc.text.includes(q.gold.quote))
      problems.push(`${q.id}: gold quote not in the document: ${q.gold.quote}`);
    for (const a of q.gold.alternatives ?? [])
      if (!doc.text.includes(a.quote)) problems.push(`${q.id}: gold alternative not in the document: ${a.quote}`);
    for (const p of q.gold.paragraphs ?? [])
      if (!doc.text.includes(p)) problems.push(`${q.id}: gold paragraph not in the document: ${p}`);
    const section = q.gold.section;
    if (section && !chunks.some((c) => sectionMatches(section, c.sectionPath))) {
      problems.push(`${q.id}: gold section matches no chunk: ${section}`);
    }
    // Facts may come from the text or from metadata the answer cites (title, date).
    const texts = [doc.text, doc.meta.title, doc.meta.date ?? ""];
    // A fact that is itself a gold span is checked verbatim above; normalization (dates, numerals)
    // of a long span can shift its boundaries, which must not make a benchmark question "broken".
    const spans = new Set(
      [q.gold.quote, ...(q.gold.alternatives ?? []).map((a) => a.quote)].filter(Boolean).map((x) => x!.trim()),
    );
    const isSpan = (f: string | string[]) => (typeof f === "string" ? [f] : f).every((x) => spans.has(x.trim()));
    for (const f of q.facts)
      if (!isSpan(f) && !factPresent(texts, f))
        problems.push(`${q.id}: fact not in the gold document: ${factLabel(f)}`);
  }
  return problems;
}
