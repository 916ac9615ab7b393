/**
 * Retrieved passages from laws, put in the order a question about laws needs: a superseded or
 * repealed version never stands in for the text in force (unless the question asks for a version);
 * passages of the law a question names come first; "which law governs…" questions rank higher
 * levels of law first. Pure over the passages and the catalog.
 */
import type { LawLevel, Passage } from "../core/types.js";
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
  const levelOf = (p: Passage) => catalog.ofDocument(p.chunk.docId)?.law.level;
  // "哪部法律" asks for a 法律, "哪部行政法规" for a regulation: passages of that level come first.
  const askedLevels = levelsAsked(q);
  const ordered = askedLevels ? stablePartition(kept, (p) => askedLevels.includes(levelOf(p) as LawLevel)) : kept;
  // Otherwise, among the most relevant passages the higher level of law comes first.
  const level = (p: Passage) => {
    const l = levelOf(p);
    return l ? levelRank(l) : levelRank("other") + 1;
  };
  const head = ordered.slice(0, LEVEL_WINDOW).map((p, i) => ({ p, i }));
  head.sort((a, b) => level(a.p) - level(b.p) || a.i - b.i);
  return [...head.map((x) => x.p), ...ordered.slice(LEVEL_WINDOW)];
}

/** The levels a "which law" question names, if it names one. */
function levelsAsked(q: string): LawLevel[] | undefined {
  if (/行政法规/.test(q)) return ["administrative_regulation"];
  if (/司法解释/.test(q)) return ["judicial_interpretation"];
  if (/地方性法规|地方法规/.test(q)) return ["local_regulation"];
  if (/规章/.test(q)) return ["departmental_rule"];
  if (/哪(?:一)?(?:部|些|个)?法律|什么法律/.test(q) && !/法律法规|法律或法规|法律、法规/.test(q))
    return ["constitution", "law"];
  return undefined;
}

/** Passages within which a higher level of law outranks a more relevant lower one. */
const LEVEL_WINDOW = 5;

function stablePartition(passages: Passage[], first: (p: Passage) => boolean): Passage[] {
  return [...passages.filter(first), ...passages.filter((p) => !first(p))];
}
