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
  const rank = (p: Passage): number => {
    const entry = catalog.ofDocument(p.chunk.docId);
    if (named.size > 0) return entry && named.has(entry.law) ? 0 : 1;
    if (asksWhichLaw(q)) return entry ? levelRank(entry.law.level) : levelRank("other") + 1;
    return 0;
  };
  // Stable: within one rank the retrieval order stands.
  return kept
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.p);
}
