/**
 * Retrieved passages from laws, put in the order a question about laws needs: a superseded or
 * repealed version never stands in for the text in force (unless the question asks for a version);
 * passages of the law a question names come first; "which law governs…" questions rank higher
 * levels of law first. Pure over the passages and the catalog.
 */
import type { Passage } from "../core/types.js";
import { normalizeText } from "../text/normalize.js";
import { levelRank, type LawCatalog } from "./law-catalog.js";
import { asksWhichLaw } from "./law-question.js";
import { askedVersions, asksPreviousVersion, isoDay, versionInForce } from "./law-versions.js";

export function orderLawPassages(question: string, passages: Passage[], catalog: LawCatalog, today: Date): Passage[] {
  if (catalog.size === 0) return passages;
  const q = normalizeText(question);
  const day = isoDay(today);
  const anyVersion = askedVersions(q).length > 0 || asksPreviousVersion(q);
  const kept = anyVersion
    ? passages
    : passages.filter((p) => {
        const entry = catalog.ofDocument(p.chunk.docId);
        if (!entry || entry.law.versions.length === 1) return true;
        const current = versionInForce(entry.law, day);
        return "version" in current && current.version === entry.version;
      });
  const named = new Set(catalog.named(question).map((n) => n.law));
  if (named.size > 0) return stablePartition(kept, (p) => named.has(catalog.ofDocument(p.chunk.docId)?.law as never));
  if (!asksWhichLaw(q)) return kept;
  // Which law governs: among the most relevant passages the higher level of law comes first.
  const level = (p: Passage) => {
    const entry = catalog.ofDocument(p.chunk.docId);
    return entry ? levelRank(entry.law.level) : levelRank("other") + 1;
  };
  const head = kept.slice(0, LEVEL_WINDOW).map((p, i) => ({ p, i }));
  head.sort((a, b) => level(a.p) - level(b.p) || a.i - b.i);
  return [...head.map((x) => x.p), ...kept.slice(LEVEL_WINDOW)];
}

/** Passages within which a higher level of law outranks a more relevant lower one. */
const LEVEL_WINDOW = 5;

function stablePartition(passages: Passage[], first: (p: Passage) => boolean): Passage[] {
  return [...passages.filter(first), ...passages.filter((p) => !first(p))];
}
