/**
 * Retrieved passages from laws, put in the order a question about laws needs: a superseded or
 * repealed version never stands in for the text in force (unless the question asks for a version);
 * passages of the law a question names come first; "which law governs…" questions rank higher
 * levels of law first; and the articles of a law a question names are found in that law itself.
 * Pure over the passages and the catalog.
 */
import type { Chunk, DocMeta, LawLevel, Passage, QueryTerm } from "../core/types.js";
import { bm25Idf, DEFAULT_BM25 } from "../index/bm25.js";
import { normalizeText } from "../text/normalize.js";
import { termPresence } from "./evidence.js";
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
  if (named.size > 0) {
    const lawOf = (p: Passage) => catalog.ofDocument(p.chunk.docId)?.law;
    const ordered = stablePartition(kept, (p) => named.has(lawOf(p) as never));
    if (!named.has(lawOf(ordered[0]) as never) || DERIVED_ASKED.test(q)) return ordered;
    // The question is about the law it names. A text made under it (its 实施条例, a local 实施办法,
    // an interpretation: its name holds the law's) restates it in its own words and names it, and a
    // local regulation on the same matter shares its words: either would outscore the law's own
    // article. Other national laws and regulations stay behind it.
    const keys = [...named].map((l) => l.key);
    const namedLocal = [...named].some((l) => l.level === "local_regulation");
    return ordered.filter((p) => {
      const law = lawOf(p);
      if (!law || named.has(law)) return true;
      return !keys.some((k) => law.key.includes(k)) && (namedLocal || law.level !== "local_regulation");
    });
  }
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

/** Words asking for a text made under a law, or a local one, rather than the law itself. */
const DERIVED_ASKED = /实施|细则|解释|办法|地方|省|自治区|市(?!场)/;

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

/** Where a law's chunks and their documents' metadata come from (the index). */
export interface LawChunkSource {
  chunksOf(docId: string): Chunk[];
  metaOf(docId: string): DocMeta;
  /** A chunk's text normalized for matching; the index keeps a bounded cache of these. */
  normalizedChunk(chunk: Chunk): string;
}

/** Articles of a named law added ahead of the retrieved passages. */
const NAMED_LAW_ARTICLES = 3;

/**
 * The retrieved passages with the best articles of the laws the question names ahead of them.
 * "专利保护期限规定在专利法第几条" or "劳动合同法里有没有…的规定" is about that law's own text,
 * which a search over the whole corpus may rank below a local regulation or an implementing
 * regulation using the same words (or not return at all). Each chunk of the law's version in force
 * is scored by the question's terms it holds, each weighted by how few of the law's chunks hold it
 * (BM25's idf within the law), so the words every article of a 劳动合同法 shares weigh nothing and
 * the matter asked decides. A question asking for a version is left to retrieval.
 */
export function withNamedLawArticles(
  question: string,
  terms: readonly QueryTerm[],
  retrieved: Passage[],
  catalog: LawCatalog,
  today: Date,
  source: LawChunkSource,
): Passage[] {
  if (catalog.size === 0 || terms.length === 0) return retrieved;
  const q = normalizeText(question);
  if (askedVersions(q).length > 0 || asksPreviousVersion(q)) return retrieved;
  const day = isoDay(today);
  const added: Passage[] = [];
  for (const { law } of catalog.named(question)) {
    const current = versionInForce(law, day);
    if (!("version" in current)) continue;
    const chunks = current.version.docs.flatMap((d) => source.chunksOf(d.docId));
    for (const { chunk } of bestChunks(terms, chunks, source).slice(0, NAMED_LAW_ARTICLES))
      added.push({ chunk, meta: source.metaOf(chunk.docId), score: 1 });
  }
  if (added.length === 0) return retrieved;
  const ids = new Set(added.map((p) => p.chunk.id));
  return [...added, ...retrieved.filter((p) => !ids.has(p.chunk.id))];
}

/**
 * Chunks holding any of the terms, best first, scored as BM25 with each term counted once: its idf
 * within these chunks, and a shorter article holding the same terms before a longer one.
 */
function bestChunks(
  terms: readonly QueryTerm[],
  chunks: Chunk[],
  source: LawChunkSource,
): Array<{ chunk: Chunk; score: number }> {
  const texts = chunks.map((c) => source.normalizedChunk(c));
  const n = texts.length;
  const avgLength = texts.reduce((s, x) => s + x.length, 0) / Math.max(1, n);
  // presence[i][j]: how far chunk i holds term j (termPresence), read once for df and score.
  const presence = texts.map((x) => terms.map((t) => termPresence(t, x)));
  const weights = terms.map((_, j) => bm25Idf(n, presence.filter((row) => row[j] === 1).length));
  const { k1, b } = DEFAULT_BM25;
  return chunks
    .map((chunk, i) => {
      const norm = (k1 + 1) / (1 + k1 * (1 - b + (b * texts[i].length) / avgLength));
      return { chunk, score: norm * presence[i].reduce((s, p, j) => s + weights[j] * p, 0) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.chunk.start - b.chunk.start);
}
